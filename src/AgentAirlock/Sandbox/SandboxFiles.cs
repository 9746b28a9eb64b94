using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace AgentAirlock.Sandbox;

/// <summary>
/// Finds the sandbox runner and lists the files a sandbox needs to run a tool: the runner's and the tool's
/// assemblies with their manifests, and nothing else. The tool usually lives in the server's own bin directory, next
/// to <c>appsettings*.json</c> and other configuration the sandbox must never see, so files are chosen one by one from
/// the dependency manifests, never by directory.
/// </summary>
internal static class SandboxFiles
{
    /// <summary>The runner's file name; referencing the runner project puts it in the application's directory.</summary>
    public const string RunnerFileName = "AgentAirlock.SandboxRunner.dll";

    private const string DepsSuffix = ".deps.json";
    private const string RuntimeConfigSuffix = ".runtimeconfig.json";

    /// <summary>
    /// Finds the runner: <see cref="SandboxOptions.RunnerPath"/> (a file, or a directory holding it; relative paths
    /// are resolved against the application's directory), else <see cref="RunnerFileName"/> in the application's
    /// directory.
    /// </summary>
    /// <param name="options">The sandbox options.</param>
    /// <param name="runnerPath">The runner's full path, when found.</param>
    /// <param name="problem">Why the runner cannot be used, when it is not found.</param>
    /// <returns>Whether the runner was found with its runtime configuration.</returns>
    public static bool TryFindRunner(
        SandboxOptions options,
        [NotNullWhen(true)] out string? runnerPath,
        [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryFindRunner(options.RunnerPath, AppContext.BaseDirectory, out runnerPath, out problem);
    }

    /// <summary>Finds the runner from a configured path (may be empty) relative to <paramref name="baseDirectory"/>.</summary>
    public static bool TryFindRunner(
        string? configuredPath,
        string baseDirectory,
        [NotNullWhen(true)] out string? runnerPath,
        [NotNullWhen(false)] out string? problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        string candidate = string.IsNullOrWhiteSpace(configuredPath)
            ? Path.Combine(baseDirectory, RunnerFileName)
            : Path.GetFullPath(configuredPath, baseDirectory);
        if (Directory.Exists(candidate))
        {
            candidate = Path.Combine(candidate, RunnerFileName);
        }

        runnerPath = null;
        if (!File.Exists(candidate))
        {
            problem = $"the sandbox runner was not found at {candidate}; reference the AgentAirlock.SandboxRunner project from the application or set Airlock:Sandbox:RunnerPath";
            return false;
        }

        if (!File.Exists(SiblingWithSuffix(candidate, RuntimeConfigSuffix)))
        {
            problem = $"the sandbox runner at {candidate} has no {Path.GetFileNameWithoutExtension(candidate)}{RuntimeConfigSuffix} next to it, so .NET cannot start it";
            return false;
        }

        runnerPath = candidate;
        problem = null;
        return true;
    }

    /// <summary>
    /// Lists the runner's files: the runner assembly, its <c>.runtimeconfig.json</c> and <c>.deps.json</c>, and the
    /// assemblies its <c>.deps.json</c> names that are present next to it. Every path is under the runner's directory.
    /// </summary>
    /// <param name="runnerPath">The runner's full path.</param>
    /// <returns>The full paths of the files, without duplicates.</returns>
    public static IReadOnlyList<string> RunnerFiles(string runnerPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(runnerPath);
        var files = new List<string> { Path.GetFullPath(runnerPath) };
        AddIfExists(files, SiblingWithSuffix(runnerPath, RuntimeConfigSuffix));
        string deps = SiblingWithSuffix(runnerPath, DepsSuffix);
        if (File.Exists(deps))
        {
            files.Add(Path.GetFullPath(deps));
            AddManifestAssets(files, deps);
        }

        return Distinct(files);
    }

    /// <summary>
    /// Lists the tool's files: its assembly, its <c>.deps.json</c> and the assemblies that manifest names which are
    /// present next to it; without a manifest, every <c>*.dll</c> in the assembly's directory. Never configuration,
    /// settings or any other non-assembly file. Every path is under the tool assembly's directory.
    /// </summary>
    /// <param name="toolAssemblyPath">The tool assembly's full path on the host.</param>
    /// <returns>The full paths of the files, without duplicates.</returns>
    public static IReadOnlyList<string> ToolFiles(string toolAssemblyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolAssemblyPath);
        var files = new List<string> { Path.GetFullPath(toolAssemblyPath) };
        string deps = SiblingWithSuffix(toolAssemblyPath, DepsSuffix);
        if (File.Exists(deps))
        {
            files.Add(Path.GetFullPath(deps));
            AddManifestAssets(files, deps);
        }
        else if (Path.GetDirectoryName(toolAssemblyPath) is { } directory)
        {
            foreach (string assembly in Directory.EnumerateFiles(directory, "*.dll", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetFullPath(assembly));
            }
        }

        return Distinct(files);
    }

    private static string SiblingWithSuffix(string assemblyPath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(assemblyPath) ?? "", Path.GetFileNameWithoutExtension(assemblyPath) + suffix);

    /// <summary>
    /// Adds the runtime, native, resource and Linux runtime-target assets of every library in the manifest's target,
    /// where the .NET host would find them in an application's directory: runtime and native assets by file name,
    /// resources under their culture, runtime targets at their relative path.
    /// </summary>
    private static void AddManifestAssets(List<string> files, string depsPath)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(depsPath)) ?? "";
        JsonElement target;
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(depsPath));
            if (!TryGetTarget(document.RootElement, out target))
            {
                return;
            }

            target = target.Clone();
        }
        catch (JsonException)
        {
            // An unreadable manifest names nothing; the assembly itself and the manifest are still listed.
            return;
        }

        foreach (JsonProperty library in target.EnumerateObject())
        {
            if (library.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (string asset in AssetNames(library.Value, "runtime"))
            {
                AddAssetIfExists(files, directory, Path.GetFileName(asset));
            }

            foreach (string asset in AssetNames(library.Value, "native"))
            {
                AddAssetIfExists(files, directory, Path.GetFileName(asset));
            }

            if (library.Value.TryGetProperty("resources", out JsonElement resources) && resources.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty resource in resources.EnumerateObject())
                {
                    if (resource.Value.ValueKind == JsonValueKind.Object &&
                        resource.Value.TryGetProperty("locale", out JsonElement locale) &&
                        locale.ValueKind == JsonValueKind.String &&
                        locale.GetString() is { Length: > 0 } culture)
                    {
                        AddAssetIfExists(files, directory, Path.Combine(culture, Path.GetFileName(resource.Name)));
                    }
                }
            }

            if (library.Value.TryGetProperty("runtimeTargets", out JsonElement runtimeTargets) && runtimeTargets.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty runtimeTarget in runtimeTargets.EnumerateObject())
                {
                    if (runtimeTarget.Value.ValueKind == JsonValueKind.Object &&
                        runtimeTarget.Value.TryGetProperty("rid", out JsonElement rid) &&
                        rid.ValueKind == JsonValueKind.String &&
                        IsLinuxRid(rid.GetString()))
                    {
                        AddAssetIfExists(files, directory, runtimeTarget.Name);
                    }
                }
            }
        }
    }

    private static bool TryGetTarget(JsonElement root, out JsonElement target)
    {
        target = default;
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("targets", out JsonElement targets) ||
            targets.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (root.TryGetProperty("runtimeTarget", out JsonElement runtimeTarget) &&
            runtimeTarget.ValueKind == JsonValueKind.Object &&
            runtimeTarget.TryGetProperty("name", out JsonElement name) &&
            name.ValueKind == JsonValueKind.String &&
            targets.TryGetProperty(name.GetString()!, out target) &&
            target.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        foreach (JsonProperty first in targets.EnumerateObject())
        {
            target = first.Value;
            return target.ValueKind == JsonValueKind.Object;
        }

        return false;
    }

    private static IEnumerable<string> AssetNames(JsonElement library, string group)
    {
        if (library.TryGetProperty(group, out JsonElement assets) && assets.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty asset in assets.EnumerateObject())
            {
                yield return asset.Name;
            }
        }
    }

    /// <summary>The sandboxes are Linux: bubblewrap locally, Firecracker microVMs in E2B.</summary>
    private static bool IsLinuxRid(string? rid) =>
        rid is not null && (rid == "unix" || rid.StartsWith("linux", StringComparison.Ordinal));

    private static void AddIfExists(List<string> files, string path)
    {
        if (File.Exists(path))
        {
            files.Add(Path.GetFullPath(path));
        }
    }

    /// <summary>Adds an asset named by a manifest only if it is an assembly or native library inside the directory.</summary>
    private static void AddAssetIfExists(List<string> files, string directory, string relativePath)
    {
        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath) || !IsAssemblyOrNativeLibrary(relativePath))
        {
            return;
        }

        string full = Path.GetFullPath(Path.Combine(directory, relativePath));
        string root = Path.EndsInDirectorySeparator(directory) ? directory : directory + Path.DirectorySeparatorChar;
        if (full.StartsWith(root, StringComparison.Ordinal) && File.Exists(full))
        {
            files.Add(full);
        }
    }

    private static bool IsAssemblyOrNativeLibrary(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ||
            name.EndsWith(".so", StringComparison.Ordinal) ||
            name.Contains(".so.", StringComparison.Ordinal);
    }

    private static List<string> Distinct(List<string> files) => [.. files.Distinct(StringComparer.Ordinal)];
}

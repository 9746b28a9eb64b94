using System.Reflection;
using System.Runtime.Loader;

namespace AgentAirlock.SandboxRunner;

/// <summary>
/// Loads the tool's assembly into the default load context, so that the runner's own assemblies (the MCP SDK and
/// its abstractions) are the ones the tool binds to and result types are shared. What the runner does not have is
/// resolved from the tool's own dependency manifest, then from its directory, then from the other shared frameworks
/// of the running .NET (a tool declared in an ASP.NET Core application needs Microsoft.AspNetCore.App).
/// </summary>
internal sealed class ToolAssemblyLoader
{
    private readonly string _toolPath;
    private readonly string _toolDirectory;
    private readonly Lazy<AssemblyDependencyResolver?> _resolver;
    private readonly Lazy<string[]> _frameworkDirectories = new(FindSiblingFrameworkDirectories);

    private ToolAssemblyLoader(string toolPath)
    {
        _toolPath = toolPath;
        _toolDirectory = Path.GetDirectoryName(toolPath) ?? "/";

        // Reading the tool's manifest costs a cold runner milliseconds; most tools need nothing the runner lacks.
        _resolver = new Lazy<AssemblyDependencyResolver?>(CreateResolver);
    }

    public static Assembly Load(string assemblyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        if (!Path.IsPathFullyQualified(assemblyPath))
        {
            throw new BadRequestException("The tool assembly path is not absolute.");
        }

        if (!File.Exists(assemblyPath))
        {
            throw new BadRequestException($"The tool assembly {Path.GetFileName(assemblyPath)} was not found.");
        }

        var loader = new ToolAssemblyLoader(assemblyPath);
        AssemblyLoadContext.Default.Resolving += loader.OnResolving;
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(loader._toolPath);
        }
        catch (BadImageFormatException exception)
        {
            throw new BadRequestException($"{Path.GetFileName(assemblyPath)} is not a .NET assembly.", exception);
        }
        catch (FileLoadException exception)
        {
            throw new BadRequestException($"The tool assembly {Path.GetFileName(assemblyPath)} could not be loaded.", exception);
        }
    }

    private Assembly? OnResolving(AssemblyLoadContext context, AssemblyName name)
    {
        if (string.IsNullOrEmpty(name.Name))
        {
            return null;
        }

        // The manifest may name files the sandbox was not given (only assemblies that exist on the host are copied).
        string? path = _resolver.Value?.ResolveAssemblyToPath(name) is { } resolved && File.Exists(resolved) ? resolved : null;
        if (path is null && !string.IsNullOrEmpty(name.CultureName))
        {
            // Satellite assemblies come from the manifest or not at all: the runner's culture is invariant.
            return null;
        }

        path ??= Probe(_toolDirectory, name.Name);
        if (path is null)
        {
            foreach (string directory in _frameworkDirectories.Value)
            {
                path = Probe(directory, name.Name);
                if (path is not null)
                {
                    break;
                }
            }
        }

        return path is null ? null : context.LoadFromAssemblyPath(path);
    }

    private AssemblyDependencyResolver? CreateResolver()
    {
        try
        {
            return new AssemblyDependencyResolver(_toolPath);
        }
        catch (InvalidOperationException)
        {
            // No usable .deps.json next to the tool: its directory and the shared frameworks are probed instead.
            return null;
        }
    }

    private static string? Probe(string directory, string simpleName)
    {
        string candidate = Path.Combine(directory, simpleName + ".dll");
        return File.Exists(candidate) ? candidate : null;
    }

    /// <summary>
    /// The highest installed version, with the running runtime's major version, of every shared framework next to
    /// Microsoft.NETCore.App (found from where System.Private.CoreLib was loaded).
    /// </summary>
    private static string[] FindSiblingFrameworkDirectories()
    {
        string? coreDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        string? coreFramework = coreDirectory is null ? null : Path.GetDirectoryName(coreDirectory);
        string? sharedRoot = coreFramework is null ? null : Path.GetDirectoryName(coreFramework);
        if (sharedRoot is null || !Directory.Exists(sharedRoot))
        {
            return [];
        }

        int major = Environment.Version.Major;
        var directories = new List<string>();
        foreach (string framework in Directory.EnumerateDirectories(sharedRoot))
        {
            if (string.Equals(framework, coreFramework, StringComparison.Ordinal))
            {
                continue;
            }

            string? best = null;
            Version? bestVersion = null;
            foreach (string versionDirectory in Directory.EnumerateDirectories(framework))
            {
                if (ParseVersion(Path.GetFileName(versionDirectory)) is { } version &&
                    version.Major == major &&
                    (bestVersion is null || version > bestVersion))
                {
                    best = versionDirectory;
                    bestVersion = version;
                }
            }

            if (best is not null)
            {
                directories.Add(best);
            }
        }

        return [.. directories];
    }

    private static Version? ParseVersion(string directoryName)
    {
        // Preview frameworks are named like 10.0.0-rc.1.12345; the release part orders them well enough.
        int dash = directoryName.IndexOf('-', StringComparison.Ordinal);
        string release = dash < 0 ? directoryName : directoryName[..dash];
        return Version.TryParse(release, out Version? version) ? version : null;
    }
}

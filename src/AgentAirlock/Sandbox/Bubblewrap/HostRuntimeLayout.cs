using System.Runtime.InteropServices;

namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>
/// What of the host the sandbox needs to run <c>dotnet</c>: the .NET installation (only its host and shared
/// frameworks, mounted at <see cref="SandboxDotnetRoot"/>) and the system libraries the runtime links against. On a
/// usr-merged Debian-like host that is the multiarch library directory and <c>/usr/lib64</c> (with the
/// <c>/lib</c> and <c>/lib64</c> symlinks the ELF loader is found through); elsewhere all of <c>/usr</c> and the
/// top-level library directories as the host has them. No shell, no <c>/etc</c>, no <c>/bin</c>.
/// </summary>
internal sealed class HostRuntimeLayout
{
    /// <summary>Where the .NET installation appears in the sandbox.</summary>
    public const string SandboxDotnetRoot = "/opt/dotnet";

    /// <summary>The .NET host inside the sandbox.</summary>
    public const string SandboxDotnet = SandboxDotnetRoot + "/dotnet";

    private HostRuntimeLayout(string dotnetRoot, IReadOnlyList<string> arguments)
    {
        DotnetRoot = dotnetRoot;
        Arguments = arguments;
    }

    /// <summary>Gets the host's .NET installation.</summary>
    public string DotnetRoot { get; }

    /// <summary>Gets the bwrap arguments that mount the runtime and the libraries.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// Finds the layout, with <paramref name="configuredDotnetRoot"/> when set; otherwise the installation that runs
    /// this process. Returns <see langword="null"/> with a reason when there is no usable installation.
    /// </summary>
    public static HostRuntimeLayout? Find(string configuredDotnetRoot, out string reason)
    {
        string? root = string.IsNullOrEmpty(configuredDotnetRoot) ? FindDotnetRoot() : Path.GetFullPath(configuredDotnetRoot);
        if (root is null || !File.Exists(Path.Combine(root, "dotnet")))
        {
            reason = root is null
                ? "no .NET installation was found (set Airlock:Sandbox:Bubblewrap:DotnetRoot)"
                : $"the .NET host was not found in {root}";
            return null;
        }

        var arguments = new List<string>();
        Bind(arguments, Path.Combine(root, "dotnet"), SandboxDotnetRoot + "/dotnet");
        foreach (string part in new[] { "host", "shared" })
        {
            string directory = Path.Combine(root, part);
            if (Directory.Exists(directory))
            {
                Bind(arguments, directory, SandboxDotnetRoot + "/" + part);
            }
        }

        AddLibraries(arguments);
        reason = "";
        return new HostRuntimeLayout(root, arguments);
    }

    private static string? FindDotnetRoot()
    {
        // The shared framework lives at <root>/shared/Microsoft.NETCore.App/<version>/, which holds System.Private.CoreLib.
        string? framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        string? fromFramework = framework is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(framework)));
        if (fromFramework is not null && File.Exists(Path.Combine(fromFramework, "dotnet")))
        {
            return fromFramework;
        }

        string? processPath = Environment.ProcessPath;
        if (processPath is not null && string.Equals(Path.GetFileName(processPath), "dotnet", StringComparison.Ordinal))
        {
            string resolved = new FileInfo(processPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? processPath;
            return Path.GetDirectoryName(resolved);
        }

        foreach (string candidate in new[] { "/usr/share/dotnet", "/usr/lib/dotnet", "/usr/local/share/dotnet", "/opt/dotnet" })
        {
            if (File.Exists(Path.Combine(candidate, "dotnet")))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void AddLibraries(List<string> arguments)
    {
        string? multiarch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            _ => null,
        };
        string? libraries = multiarch is null ? null : "/usr/lib/" + multiarch;
        bool usrMerged = IsLinkTo("/lib", "usr/lib") && (!Path.Exists("/lib64") || IsLinkTo("/lib64", "usr/lib64"));
        if (libraries is not null && Directory.Exists(libraries) && usrMerged)
        {
            Bind(arguments, libraries, libraries);
            if (Directory.Exists("/usr/lib64"))
            {
                Bind(arguments, "/usr/lib64", "/usr/lib64");
                arguments.AddRange(["--symlink", "usr/lib64", "/lib64"]);
            }

            arguments.AddRange(["--symlink", "usr/lib", "/lib"]);
            return;
        }

        // Not the layout measured on Debian: mount /usr whole and mirror the top-level library directories.
        Bind(arguments, "/usr", "/usr");
        foreach (string top in new[] { "/lib", "/lib64", "/lib32" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, top]);
            }
            else if (Directory.Exists(top))
            {
                Bind(arguments, top, top);
            }
        }
    }

    private static bool IsLinkTo(string path, string expected)
    {
        string? target = new FileInfo(path).LinkTarget;
        return target is not null
            && (string.Equals(target, expected, StringComparison.Ordinal) || string.Equals(target, "/" + expected, StringComparison.Ordinal));
    }

    private static void Bind(List<string> arguments, string hostPath, string sandboxPath) =>
        arguments.AddRange(["--ro-bind", hostPath, sandboxPath]);
}

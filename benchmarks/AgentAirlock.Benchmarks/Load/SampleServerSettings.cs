namespace AgentAirlock.Benchmarks.Load;

/// <summary>What every sample server of a run shares: where the repository and the sample are, and the Airlock log level.</summary>
/// <param name="RepositoryRoot">The servers' working directory; its appsettings.json is their configuration.</param>
/// <param name="SampleDll">The sample server to start.</param>
/// <param name="SampleDllIsDefault">Whether <paramref name="SampleDll"/> is the default path, which may be built when missing.</param>
/// <param name="AirlockLogLevel">The Serilog level of the AgentAirlock category in the servers.</param>
internal sealed record SampleServerSettings(string RepositoryRoot, string SampleDll, bool SampleDllIsDefault, string AirlockLogLevel)
{
    /// <summary>The sample without Airlock (<c>Airlock:Enabled=false</c>); no key is sent to it.</summary>
    public static IReadOnlyList<string> Bare { get; } = ["--Airlock:Enabled=false"];

    /// <summary>
    /// Airlock with the shipped file but <c>DefaultPolicy=Permissive</c>: anonymous callers pass the policy layer, and the
    /// envelope and validation do their full work (issue 2's target).
    /// </summary>
    public static IReadOnlyList<string> Validation { get; } = ["--Airlock:Policy:DefaultPolicy=Permissive"];

    /// <summary>Airlock with the shipped configuration as it is; callers send a demo key (issue 3's target).</summary>
    public static IReadOnlyList<string> Full { get; } = [];

    /// <summary>The settings of the command line: explicit paths, else <c>$AIRLOCK_SAMPLE_DLL</c>, else the sample's Release build.</summary>
    public static SampleServerSettings Resolve(string? repositoryRoot, string? sampleDll, string airlockLogLevel)
    {
        string root = Shared.RepositoryRoot.Find(repositoryRoot);
        sampleDll ??= Environment.GetEnvironmentVariable(LoadOptions.SampleDllVariable);
        bool isDefault = string.IsNullOrEmpty(sampleDll);
        string dll = isDefault
            ? Path.Combine(root, "samples", "AirlockSample", "bin", "Release", "net10.0", "AirlockSample.dll")
            : Path.GetFullPath(sampleDll!);
        return new SampleServerSettings(root, dll, isDefault, airlockLogLevel);
    }
}

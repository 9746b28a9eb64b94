namespace AgentAirlock.Cli;

/// <summary>The exit codes every command shares, so that scripts can tell "found something" from "could not run".</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran and found what it looks for (findings, a broken chain).</summary>
    public const int Found = 1;

    /// <summary>Bad arguments, or an input that could not be read.</summary>
    public const int Error = 2;
}

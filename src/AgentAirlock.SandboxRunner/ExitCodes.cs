namespace AgentAirlock.SandboxRunner;

/// <summary>The runner's exit codes, part of the wire protocol the host reads.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int ToolFailed = 1;
    public const int BadRequest = 2;
    public const int OutOfMemory = 3;
}

namespace AgentAirlock.Sandbox;

/// <summary>
/// Runs one tool invocation somewhere isolated from the server process and reports its outcome. Airlock ships a
/// bubblewrap backend (the default on Linux) and an E2B backend; implement this to run sandboxed tools elsewhere.
/// </summary>
public interface ISandbox
{
    /// <summary>Gets the backend's name as it appears in decisions and telemetry, for example <c>bubblewrap</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Runs <paramref name="invocation"/> in a fresh sandbox and returns its outcome. Failures of the sandbox or of the
    /// tool are reported as an outcome, not thrown; the method throws only when <paramref name="cancellationToken"/>
    /// is cancelled.
    /// </summary>
    /// <param name="invocation">The serialized invocation: which method of which assembly, with which arguments.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up (the sandbox is then torn down).</param>
    /// <returns>The outcome: the tool's result, or the specific reason there is none.</returns>
    ValueTask<SandboxOutcome> RunAsync(SandboxInvocation invocation, CancellationToken cancellationToken);
}

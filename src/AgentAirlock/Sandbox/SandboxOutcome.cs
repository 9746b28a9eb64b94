using System.Text.Json;

namespace AgentAirlock.Sandbox;

/// <summary>The outcome of one sandboxed invocation: the tool's result, or the specific reason there is none.</summary>
public sealed class SandboxOutcome
{
    private SandboxOutcome(SandboxStatus status, JsonElement result, string? detail, int? exitCode, TimeSpan duration)
    {
        Status = status;
        Result = result;
        Detail = detail;
        ExitCode = exitCode;
        Duration = duration;
    }

    /// <summary>Gets how the invocation ended.</summary>
    public SandboxStatus Status { get; }

    /// <summary>
    /// Gets the runner's result document when <see cref="Status"/> is <see cref="SandboxStatus.Completed"/>
    /// (<c>{"ok":true,"kind":…,"value":…}</c>); otherwise <see langword="default"/>.
    /// </summary>
    public JsonElement Result { get; }

    /// <summary>Gets the specific cause of a failure, fit to show to the caller (never a secret); <see langword="null"/> on success.</summary>
    public string? Detail { get; }

    /// <summary>Gets the exit code of the sandboxed process, when there was one.</summary>
    public int? ExitCode { get; }

    /// <summary>Gets how long the invocation took, end to end.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Creates the outcome of a tool that ran and returned.</summary>
    /// <param name="result">The runner's result document.</param>
    /// <param name="exitCode">The exit code of the sandboxed process.</param>
    /// <param name="duration">How long the invocation took.</param>
    /// <returns>The outcome.</returns>
    public static SandboxOutcome Completed(JsonElement result, int? exitCode, TimeSpan duration) =>
        new(SandboxStatus.Completed, result, null, exitCode, duration);

    /// <summary>Creates the outcome of an invocation that produced no result.</summary>
    /// <param name="status">Why; anything but <see cref="SandboxStatus.Completed"/>.</param>
    /// <param name="detail">The specific cause.</param>
    /// <param name="exitCode">The exit code of the sandboxed process, when there was one.</param>
    /// <param name="duration">How long the invocation took.</param>
    /// <returns>The outcome.</returns>
    public static SandboxOutcome Failed(SandboxStatus status, string detail, int? exitCode, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrEmpty(detail);
        if (status == SandboxStatus.Completed)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A failed outcome needs a failure status.");
        }

        return new(status, default, detail, exitCode, duration);
    }
}

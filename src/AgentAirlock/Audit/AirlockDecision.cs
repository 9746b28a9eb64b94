using System.Text.Json;

namespace AgentAirlock.Audit;

/// <summary>
/// One decision of one layer about one message. It names arguments, never their values.
/// </summary>
internal readonly record struct AirlockDecision
{
    /// <summary>Gets the layer that decided.</summary>
    public required AirlockLayer Layer { get; init; }

    /// <summary>Gets what the layer decided.</summary>
    public required DecisionOutcome Outcome { get; init; }

    /// <summary>Gets the reason code (a <c>block_reason</c> or a refusal code); <see langword="null"/> when allowed.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the JSON-RPC method, when known.</summary>
    public string? Method { get; init; }

    /// <summary>Gets the tool name as requested, for tool calls.</summary>
    public string? ToolName { get; init; }

    /// <summary>Gets the id of the calling agent, when it is identified.</summary>
    public string? AgentId { get; init; }

    /// <summary>Gets the roles of the calling agent, when the policy layer identified it.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>Gets the audit record of the call the decision belongs to, which takes the decision in.</summary>
    public AuditRecord? Call { get; init; }

    /// <summary>
    /// Gets when the layer began its work on the message (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for its
    /// latency and its span; 0 when not measured.
    /// </summary>
    public long Started { get; init; }

    /// <summary>Gets whether the tool exists; names of unknown tools are not used as metric dimensions.</summary>
    public bool ToolKnown { get; init; }

    /// <summary>Gets the names (paths) of the arguments concerned, when the decision is about some of them.</summary>
    public IReadOnlyList<string>? ArgumentNames { get; init; }

    /// <summary>Gets the call's arguments, whose names are reported when <see cref="ArgumentNames"/> is not set.</summary>
    public JsonElement Arguments { get; init; }

    /// <summary>Gets whether the decision was made on a fallback (the shared rate-limit store was unreachable).</summary>
    public bool Degraded { get; init; }

    /// <summary>Gets the values the sanitizer masked, by type and location.</summary>
    public IReadOnlyList<Redaction>? Redactions { get; init; }

    /// <summary>Gets whether the sanitizer cut the output to its length limit.</summary>
    public bool Truncated { get; init; }

    /// <summary>Gets whether the operator asked for this decision to be logged at debug level only.</summary>
    public bool Quiet { get; init; }

    /// <summary>Gets the sandbox backend that ran the tool, for sandbox decisions.</summary>
    public string? SandboxBackend { get; init; }

    /// <summary>Gets how the sandboxed invocation ended (<c>completed</c>, <c>timed_out</c>, …), for sandbox decisions.</summary>
    public string? SandboxStatus { get; init; }

    /// <summary>Gets how long the decided work took, where it is measured (sandboxed invocations).</summary>
    public TimeSpan? Duration { get; init; }
}

using System.Text.Json;

namespace AgentAirlock.Audit;

/// <summary>
/// What one tool call came to, gathered from every layer's decisions while the request runs, written once when the
/// response is complete. It holds names, types, counts and outcomes, never a value.
/// </summary>
internal sealed class AuditRecord
{
    private static readonly string[] DecisionNames = ["allowed", "blocked", "refused", "failed"];

    public AuditRecord(long startTimestamp)
    {
        StartTimestamp = startTimestamp;
    }

    public long StartTimestamp { get; }

    /// <summary>Gets or sets the JSON-RPC id of the request, as the caller sent it.</summary>
    public string? RequestId { get; set; }

    /// <summary>Gets or sets the server's id of the HTTP request (<c>HttpContext.TraceIdentifier</c>).</summary>
    public string? HttpRequestId { get; set; }

    public string? SessionId { get; set; }

    public string? Method { get; set; }

    public string? Tool { get; set; }

    /// <summary>Gets or sets whether the tool exists; names of unknown tools are not used as metric dimensions.</summary>
    public bool ToolKnown { get; set; }

    public string? AgentId { get; set; }

    public IReadOnlyList<string>? Roles { get; set; }

    /// <summary>Gets or sets the call's arguments as received; read when the record is written, while the request is alive.</summary>
    public JsonElement Arguments { get; set; }

    public string? ProtocolVersion { get; set; }

    /// <summary>Gets or sets the caller's W3C <c>traceparent</c> from <c>params._meta</c>, when it sent one.</summary>
    public string? TraceParent { get; set; }

    public CallDecision Decision { get; private set; }

    public AirlockLayer? Layer { get; private set; }

    public string? BlockReason { get; private set; }

    public IReadOnlyList<string>? StrippedArguments { get; private set; }

    /// <summary>Gets the number of masked values by type label.</summary>
    public Dictionary<string, int>? Redactions { get; private set; }

    public bool Truncated { get; private set; }

    public string? SandboxBackend { get; private set; }

    public string? SandboxOutcome { get; private set; }

    public bool Degraded { get; private set; }

    /// <summary>Gets or sets whether the client went away before the answer was written to the end.</summary>
    public bool ClientAborted { get; set; }

    public string DecisionName => DecisionNames[(int)Decision];

    public string? LayerName => Layer?.ToName();

    /// <summary>Takes what a layer decided into the record; the first refusal is the call's decision.</summary>
    public void Apply(in AirlockDecision decision)
    {
        AgentId ??= decision.AgentId;
        Roles ??= decision.Roles;
        Degraded |= decision.Degraded;
        if (decision.SandboxBackend is not null)
        {
            SandboxBackend = decision.SandboxBackend;
            SandboxOutcome = decision.SandboxStatus;
        }

        switch (decision.Outcome)
        {
            case DecisionOutcome.Stripped:
                StrippedArguments = decision.ArgumentNames;
                break;
            case DecisionOutcome.Masked:
                Truncated |= decision.Truncated;
                if (decision.Redactions is { } redactions)
                {
                    Redaction.CountByType(redactions, Redactions ??= new Dictionary<string, int>(StringComparer.Ordinal));
                }

                break;
            case DecisionOutcome.Blocked:
                Stop(CallDecision.Blocked, decision.Layer, decision.Reason);
                break;
            case DecisionOutcome.Refused:
                Stop(CallDecision.Refused, decision.Layer, decision.Reason);
                break;
        }
    }

    /// <summary>Records that the pipeline failed with an exception.</summary>
    public void Fail(string exceptionType) => Stop(CallDecision.Failed, null, exceptionType);

    /// <summary>Records a refusal made outside the layers' decisions (the audit trail's own, while it cannot write).</summary>
    public void Block(AirlockLayer layer, string reason) => Stop(CallDecision.Blocked, layer, reason);

    private void Stop(CallDecision decision, AirlockLayer? layer, string? reason)
    {
        if (Decision != CallDecision.Allowed)
        {
            return;
        }

        Decision = decision;
        Layer = layer;
        BlockReason = reason;
    }
}

using AgentAirlock.Audit;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Sandbox;
using AgentAirlock.Sanitization;
using AgentAirlock.Validation;

namespace AgentAirlock;

/// <summary>
/// Options for Agent Airlock, bound from the <c>Airlock</c> configuration section.
/// </summary>
public sealed class AirlockOptions
{
    /// <summary>The configuration section Airlock reads by default.</summary>
    public const string SectionName = "Airlock";

    /// <summary>
    /// Gets or sets whether Airlock inspects MCP traffic. When <see langword="false"/> every request passes through untouched.
    /// Read on every request, so a configuration reload takes effect immediately. Default: <see langword="true"/>.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets the options of the envelope: body limits and transport checks.</summary>
    public EnvelopeOptions Envelope { get; } = new();

    /// <summary>Gets the options of the policy layer: identity, tool rules, time windows and rate limits.</summary>
    public PolicyOptions Policy { get; } = new();

    /// <summary>Gets the options of the validation layer.</summary>
    public ValidationOptions Validation { get; } = new();

    /// <summary>Gets the options of the sanitizer layer: masking of personal data and secrets in tool results, truncation.</summary>
    public SanitizerOptions Sanitizer { get; } = new();

    /// <summary>Gets the options of the sandbox: which tools run outside the server process, where, and with which limits.</summary>
    public SandboxOptions Sandbox { get; } = new();

    /// <summary>Gets the options of the audit trail (<c>Airlock:Audit</c>).</summary>
    public AuditOptions Audit { get; } = new();
}

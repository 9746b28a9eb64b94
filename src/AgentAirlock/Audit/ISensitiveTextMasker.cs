namespace AgentAirlock.Audit;

/// <summary>
/// Masks the sensitive values in a piece of text that Airlock writes itself (an argument name in an audit record, a
/// property of a log event). The sanitizer provides it; the audit trail and logging depend only on this.
/// </summary>
internal interface ISensitiveTextMasker
{
    /// <summary>Masks what the sanitizer's detectors find; <see langword="false"/> when the text holds nothing to mask.</summary>
    bool TryMask(string text, out string masked);
}

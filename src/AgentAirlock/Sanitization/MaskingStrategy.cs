namespace AgentAirlock.Sanitization;

/// <summary>How a detected value is replaced.</summary>
public enum MaskingStrategy
{
    /// <summary>Replaced by <c>[REDACTED]</c>.</summary>
    Full,

    /// <summary>
    /// Partly kept, in a type-specific form that no longer identifies the value: <c>j***@example.com</c>,
    /// <c>**** **** **** 1111</c>, <c>sk-proj...3456</c>.
    /// </summary>
    Partial,

    /// <summary>Replaced by the type's label, e.g. <c>[EMAIL]</c>.</summary>
    TypeOnly,

    /// <summary>
    /// Replaced by the label and a keyed HMAC digest, e.g. <c>[EMAIL:1f3a9c2e]</c>: the same value always gives the same
    /// token, which cannot be reversed or brute-forced without the key.
    /// </summary>
    Hash,
}

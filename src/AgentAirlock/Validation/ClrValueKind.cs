namespace AgentAirlock.Validation;

/// <summary>
/// The .NET type a value binds to, where it narrows what the JSON Schema allows: a JSON integer that does not
/// fit an <c>int</c> parameter, or a string that is not a <see cref="Guid"/>, would fail to bind in the SDK.
/// </summary>
internal enum ClrValueKind
{
    None,
    SByte,
    Byte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    Uri,
    Char,

    /// <summary>A scalar the SDK binds with a System.Text.Json converter (DateOnly, TimeSpan, enums…): checked by that converter.</summary>
    Converted,
}

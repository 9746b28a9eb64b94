namespace ConformanceServer;

/// <summary>The <c>address</c> argument of <c>json_schema_2020_12_tool</c> (its <c>$defs/address</c>).</summary>
public sealed record Address(string? Street, string? City);

namespace AgentAirlock.Validation;

/// <summary>The JSON Schema <c>type</c> keyword as flags; <see cref="Number"/> admits integers too.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Integer = 4,
    Number = 8,
    String = 16,
    Array = 32,
    Object = 64,
    Any = Null | Boolean | Integer | Number | String | Array | Object,
}

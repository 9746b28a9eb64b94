namespace AgentAirlock.Validation;

/// <summary>What is wrong with one argument (or one member or item of it).</summary>
internal enum ArgumentProblemKind
{
    /// <summary>The argument is not declared by the tool (a ghost argument).</summary>
    Unknown,
    Missing,
    WrongType,
    NotInteger,
    OutOfRange,
    BelowMinimum,
    AboveMaximum,
    NotMultipleOf,
    TooShort,
    TooLong,
    PatternMismatch,
    PatternTimeout,
    NotInEnum,
    NotConst,
    TooFewItems,
    TooManyItems,
    NotUnique,
    InvalidFormat,
    InvalidString,
    Forbidden,

    /// <summary>A violation reported by the full JSON Schema validator for a keyword the compiled checker does not cover.</summary>
    Schema,
}

namespace AgentAirlock.Validation;

/// <summary>
/// Validation settings for one tool; unset values inherit from <see cref="ValidationOptions"/>.
/// </summary>
public sealed class ToolValidationOptions
{
    /// <summary>Gets or sets what happens to arguments this tool does not declare.</summary>
    public UnknownArgumentsMode? UnknownArguments { get; set; }

    /// <summary>Gets or sets whether this tool's argument types are checked without coercion.</summary>
    public bool? StrictTypes { get; set; }
}

namespace AgentAirlock.Validation;

/// <summary>
/// Sets, on an MCP tool method, what Airlock does with arguments the tool does not declare.
/// Configuration (<c>Airlock:Validation:PerTool</c>) overrides it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AirlockUnknownArgumentsAttribute : Attribute
{
    /// <summary>Initializes the attribute with the mode for this tool.</summary>
    /// <param name="mode">What happens to undeclared arguments.</param>
    public AirlockUnknownArgumentsAttribute(UnknownArgumentsMode mode) => Mode = mode;

    /// <summary>Gets what happens to undeclared arguments of this tool.</summary>
    public UnknownArgumentsMode Mode { get; }
}

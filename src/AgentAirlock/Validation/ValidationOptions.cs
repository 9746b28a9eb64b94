namespace AgentAirlock.Validation;

/// <summary>
/// Options of the validation layer.
/// </summary>
public sealed class ValidationOptions
{
    /// <summary>
    /// Gets or sets what happens to arguments a tool does not declare. Default: <see cref="UnknownArgumentsMode.Reject"/>.
    /// </summary>
    public UnknownArgumentsMode UnknownArguments { get; set; } = UnknownArgumentsMode.Reject;

    /// <summary>
    /// Gets or sets whether argument types are checked without coercion. When <see langword="false"/>, numbers
    /// written as JSON strings (<c>"5"</c>) are accepted for numeric parameters, as the MCP SDK would read them;
    /// every other rule still applies. Default: <see langword="true"/>.
    /// </summary>
    public bool StrictTypes { get; set; } = true;

    /// <summary>
    /// Gets the per-tool overrides, keyed by exact tool name. They take precedence over
    /// <see cref="AirlockUnknownArgumentsAttribute"/> on the tool method.
    /// </summary>
    public IDictionary<string, ToolValidationOptions> PerTool { get; } = new Dictionary<string, ToolValidationOptions>(StringComparer.Ordinal);
}

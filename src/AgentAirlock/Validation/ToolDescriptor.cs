using System.Reflection;

namespace AgentAirlock.Validation;

/// <summary>
/// What Airlock knows of one tool: its compiled input schema and, for tools implemented by a .NET method, that
/// method and its attributes, for the validation layer and the layers after it.
/// </summary>
internal sealed class ToolDescriptor
{
    public ToolDescriptor(string name, CompiledSchema schema, MethodInfo? method, IReadOnlyList<object> metadata, FullSchemaValidator? fullValidator)
    {
        Name = name;
        Schema = schema;
        Method = method;
        Metadata = metadata;
        FullValidator = fullValidator;
        UnknownArguments = metadata.OfType<AirlockUnknownArgumentsAttribute>().FirstOrDefault()?.Mode;
    }

    public string Name { get; }

    public CompiledSchema Schema { get; }

    /// <summary>Gets the .NET method behind the tool, when it has one.</summary>
    public MethodInfo? Method { get; }

    /// <summary>Gets the tool's metadata as the SDK exposes it: the method, then class and method attributes.</summary>
    public IReadOnlyList<object> Metadata { get; }

    /// <summary>Gets the full JSON Schema validator, for schemas with keywords the compiled checker does not cover.</summary>
    public FullSchemaValidator? FullValidator { get; }

    /// <summary>Gets the unknown-arguments mode set on the tool method with <see cref="AirlockUnknownArgumentsAttribute"/>.</summary>
    public UnknownArgumentsMode? UnknownArguments { get; }

    /// <summary>Gets whether the tool declares an output schema (its results carry matching structured content).</summary>
    public bool HasOutputSchema { get; init; }

    /// <summary>Gets the object the descriptor was made from (the SDK's tool), to notice replacements.</summary>
    public object? Source { get; init; }

    public T? GetAttribute<T>() where T : Attribute => Metadata.OfType<T>().FirstOrDefault();
}

using System.Text.Json;

namespace AgentAirlock.Validation;

/// <summary>
/// A tool's input schema compiled for checking. It owns the copy of the schema its nodes point into.
/// </summary>
internal sealed class CompiledSchema : IDisposable
{
    public CompiledSchema(JsonDocument document, SchemaNode root, IReadOnlyList<string> uncoveredKeywords, string? error)
    {
        Document = document;
        Root = root;
        UncoveredKeywords = uncoveredKeywords;
        Error = error;
    }

    /// <summary>Gets the schema as the tool advertises it.</summary>
    public JsonDocument Document { get; }

    public SchemaNode Root { get; }

    /// <summary>
    /// Gets the keywords the compiled checker does not implement (anyOf, patternProperties, a format it cannot
    /// check…); when there are any, the full JSON Schema validator checks the arguments as well.
    /// </summary>
    public IReadOnlyList<string> UncoveredKeywords { get; }

    public bool NeedsFullValidation => UncoveredKeywords.Count > 0;

    /// <summary>
    /// Gets why the schema cannot be used (a remote <c>$ref</c>, an invalid pattern…): calls to the tool are then
    /// refused, because Airlock cannot decide what is valid.
    /// </summary>
    public string? Error { get; }

    public void Dispose() => Document.Dispose();
}

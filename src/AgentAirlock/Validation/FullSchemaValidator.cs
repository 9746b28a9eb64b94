using System.Text.Json;
using NJsonSchema;
using NJsonSchema.References;
using NJsonSchema.Validation;

namespace AgentAirlock.Validation;

/// <summary>
/// NJsonSchema over the tool's whole schema, for keywords the compiled checker does not implement. Remote
/// references are never fetched. Slower than the compiled checker (it works on a re-parsed copy), so it runs only
/// for tools whose schemas need it.
/// </summary>
internal sealed class FullSchemaValidator
{
    private readonly JsonSchema _schema;

    private FullSchemaValidator(JsonSchema schema) => _schema = schema;

    /// <summary>Loads the effective schema (see <see cref="SchemaCompiler.EffectiveSchemaJson"/>).</summary>
    public static FullSchemaValidator Load(JsonElement inputSchema)
    {
        string json = SchemaCompiler.EffectiveSchemaJson(inputSchema);
        JsonSchema schema = JsonSchema.FromJsonAsync(json, documentPath: null, root => new LocalReferenceResolver(root))
            .GetAwaiter().GetResult();
        return new FullSchemaValidator(schema);
    }

    /// <summary>Adds the violations found in <paramref name="arguments"/> whose paths the compiled checker has not reported.</summary>
    public void Validate(JsonElement arguments, ValidationScratch scratch)
    {
        string json = arguments.ValueKind == JsonValueKind.Undefined ? "{}" : arguments.GetRawText();
        var reported = new HashSet<string>(scratch.Problems.Select(p => p.Path), StringComparer.Ordinal);
        ICollection<ValidationError> errors;
        try
        {
            errors = _schema.Validate(json);
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or FormatException or Newtonsoft.Json.JsonException)
        {
            // NJsonSchema cannot read some valid JSON (integers beyond 64 bits): what cannot be checked is refused.
            scratch.Add(new ArgumentProblem("arguments", "arguments", ArgumentProblemKind.Schema, null, JsonValueKind.Undefined,
                "could not be checked against the full schema (a value is outside what the validator can read, e.g. an integer beyond 64 bits)"));
            return;
        }

        foreach (ValidationError error in Flatten(errors))
        {
            string path = PathOf(error);
            if (!reported.Add(path))
            {
                continue;
            }

            ArgumentProblemKind kind = error.Kind switch
            {
                ValidationErrorKind.NoAdditionalPropertiesAllowed => ArgumentProblemKind.Unknown,
                ValidationErrorKind.PropertyRequired => ArgumentProblemKind.Missing,
                _ => ArgumentProblemKind.Schema,
            };
            string name = error.Property ?? path;
            scratch.Add(new ArgumentProblem(path, name, kind, null, JsonValueKind.Undefined, Describe(error.Kind)));
        }
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (ValidationError error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (ValidationError nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return nested;
                }

                continue;
            }

            yield return error;
        }
    }

    private static string PathOf(ValidationError error)
    {
        string path = (error.Path ?? string.Empty).TrimStart('#').TrimStart('/');
        return path.Length == 0 ? error.Property ?? "arguments" : path;
    }

    private static string Describe(ValidationErrorKind kind)
    {
        // "EmailExpected" -> "email expected"
        string text = kind.ToString();
        var words = new System.Text.StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(text[i]));
        }

        return words.ToString();
    }

    private sealed class LocalReferenceResolver(JsonSchema root)
        : JsonReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"The schema references the file '{filePath}'; remote references are never fetched.");

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException($"The schema references '{url}'; remote references are never fetched.");
    }
}

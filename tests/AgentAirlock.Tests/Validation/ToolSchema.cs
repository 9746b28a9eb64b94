using System.Reflection;
using System.Text.Json;
using AgentAirlock.Validation;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Tests.Validation;

/// <summary>A tool's input schema, exactly as the SDK advertises it, compiled as the tool catalog compiles it.</summary>
internal sealed class ToolSchema : IDisposable
{
    private readonly JsonDocument _schemaDocument;

    private ToolSchema(JsonElement inputSchema, MethodInfo? method)
    {
        _schemaDocument = JsonDocument.Parse(inputSchema.GetRawText());
        Method = method;
        Compiled = SchemaCompiler.Compile(InputSchema, method, McpJsonUtilities.DefaultOptions);
        if (Compiled.Error is null && Compiled.NeedsFullValidation)
        {
            Full = FullSchemaValidator.Load(Compiled.Document.RootElement);
        }
    }

    public JsonElement InputSchema => _schemaDocument.RootElement;

    public MethodInfo? Method { get; }

    public CompiledSchema Compiled { get; }

    public FullSchemaValidator? Full { get; }

    public string ToolName { get; private init; } = "tool";

    /// <summary>Gets the tool's metadata as the SDK exposes it (the method, then class and method attributes).</summary>
    public IReadOnlyList<object> Metadata { get; private init; } = [];

    public static MethodInfo MethodOf(string name) =>
        typeof(Tools).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new ArgumentException($"No tool method {name}.", nameof(name));

    public static ToolSchema For(string methodName) => For(MethodOf(methodName));

    public static ToolSchema For(MethodInfo method)
    {
        McpServerTool tool = McpServerTool.Create(method);
        return new ToolSchema(tool.ProtocolTool.InputSchema, method) { ToolName = tool.ProtocolTool.Name, Metadata = tool.Metadata };
    }

    public static ToolSchema FromJson(string schemaJson, string toolName = "tool")
    {
        using JsonDocument document = JsonDocument.Parse(schemaJson);
        return new ToolSchema(document.RootElement, method: null) { ToolName = toolName };
    }

    public ToolDescriptor Descriptor(bool hasOutputSchema = false) =>
        new(ToolName, Compiled, Method, Metadata, Full) { HasOutputSchema = hasOutputSchema };

    /// <summary>Every problem the validation layer finds in the arguments (compiled checker, then the full validator if needed).</summary>
    public List<ArgumentProblem> Check(string? argumentsJson, bool strictTypes = true)
    {
        using JsonDocument? document = argumentsJson is null ? null : JsonDocument.Parse(argumentsJson);
        return Check(document?.RootElement ?? default, strictTypes);
    }

    public List<ArgumentProblem> Check(JsonElement arguments, bool strictTypes = true)
    {
        ValidationScratch scratch = ValidationScratch.Rent(Compiled.Root, strictTypes);
        try
        {
            ArgumentValidator.Validate(arguments, scratch);
            Full?.Validate(arguments, scratch);
            return [.. scratch.Problems];
        }
        finally
        {
            ValidationScratch.Return(scratch);
        }
    }

    /// <summary>Validates as the middleware does and hands the filled scratch to <paramref name="use"/> before returning it.</summary>
    public T WithScratch<T>(string argumentsJson, bool strictTypes, Func<ValidationScratch, T> use)
    {
        using JsonDocument document = JsonDocument.Parse(argumentsJson);
        ValidationScratch scratch = ValidationScratch.Rent(Compiled.Root, strictTypes);
        try
        {
            ArgumentValidator.Validate(document.RootElement, scratch);
            Full?.Validate(document.RootElement, scratch);
            return use(scratch);
        }
        finally
        {
            ValidationScratch.Return(scratch);
        }
    }

    public bool Accepts(string argumentsJson, bool strictTypes = true) => Check(argumentsJson, strictTypes).Count == 0;

    /// <summary>Asserts exactly one problem, and returns it.</summary>
    public ArgumentProblem Single(string argumentsJson, bool strictTypes = true)
    {
        List<ArgumentProblem> problems = Check(argumentsJson, strictTypes);
        Assert.True(problems.Count == 1, $"Expected one problem in {argumentsJson}, found {problems.Count}: {Describe(problems)}");
        return problems[0];
    }

    public void AssertAccepts(string argumentsJson, bool strictTypes = true)
    {
        List<ArgumentProblem> problems = Check(argumentsJson, strictTypes);
        Assert.True(problems.Count == 0, $"Expected {argumentsJson} to be accepted; found: {Describe(problems)}");
    }

    public static string Describe(IEnumerable<ArgumentProblem> problems) =>
        string.Join("; ", problems.Select(p => $"{p.Path}: {p.Kind}{(p.Detail is null ? string.Empty : " (" + p.Detail + ")")}"));

    public void Dispose()
    {
        Compiled.Dispose();
        _schemaDocument.Dispose();
    }
}

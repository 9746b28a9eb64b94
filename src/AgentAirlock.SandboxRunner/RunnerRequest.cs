using System.Text.Json;

namespace AgentAirlock.SandboxRunner;

/// <summary>One invocation as the host wrote it to stdin; it owns the parsed document its elements point into.</summary>
internal sealed class RunnerRequest : IDisposable
{
    private readonly JsonDocument _document;

    /// <summary>The largest request the runner reads; the host validated the arguments already, so more is abuse.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private RunnerRequest(JsonDocument document, string assemblyPath, string typeName, string methodName, int metadataToken, JsonElement arguments)
    {
        _document = document;
        AssemblyPath = assemblyPath;
        TypeName = typeName;
        MethodName = methodName;
        MetadataToken = metadataToken;
        Arguments = arguments;
    }

    public string AssemblyPath { get; }

    public string TypeName { get; }

    public string MethodName { get; }

    public int MetadataToken { get; }

    /// <summary>Gets the arguments, a JSON object keyed by parameter name.</summary>
    public JsonElement Arguments { get; }

    /// <summary>Reads the whole request, refusing more than <see cref="MaxBytes"/>.</summary>
    /// <remarks>Synchronous on purpose: an asynchronous read of the console stream starts the thread pool, about ten
    /// milliseconds of a cold runner's start.</remarks>
    public static byte[] Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        while (true)
        {
            int read = input.Read(chunk, 0, chunk.Length);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > MaxBytes)
            {
                throw new BadRequestException($"The request is larger than {MaxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    public static RunnerRequest Parse(byte[] utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException exception)
        {
            throw new BadRequestException("The request is not valid JSON.", exception);
        }

        try
        {
            return Parse(document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    public void Dispose() => _document.Dispose();

    /// <summary>Reads the fields straight from the document, which the request then owns (no copy of it is made).</summary>
    private static RunnerRequest Parse(JsonDocument document)
    {
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The request is not a JSON object.");
        }

        string assemblyPath = RequiredString(root, "assembly");
        string typeName = RequiredString(root, "type");
        string methodName = RequiredString(root, "method");
        if (!root.TryGetProperty("metadataToken", out JsonElement token) ||
            token.ValueKind != JsonValueKind.Number ||
            !token.TryGetInt32(out int metadataToken))
        {
            throw new BadRequestException("The request has no integer \"metadataToken\".");
        }

        if (!root.TryGetProperty("arguments", out JsonElement arguments) || arguments.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The request has no \"arguments\" object.");
        }

        return new RunnerRequest(document, assemblyPath, typeName, methodName, metadataToken, arguments);
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out JsonElement value) &&
            value.ValueKind == JsonValueKind.String &&
            value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        throw new BadRequestException($"The request has no \"{name}\" string.");
    }
}

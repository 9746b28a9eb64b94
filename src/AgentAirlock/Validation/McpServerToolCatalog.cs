using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using AgentAirlock.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.Validation;

/// <summary>
/// The catalog of the tools registered with the MCP C# SDK in this process. Schemas are compiled once, when
/// the catalog is created (at start-up) and again for tools added or replaced later.
/// </summary>
internal sealed partial class McpServerToolCatalog : IToolCatalog, IToolDirectory, IDisposable
{
    private readonly ILogger _logger;
    private readonly McpServerPrimitiveCollection<McpServerTool>? _tools;
    private readonly Lock _rebuildLock = new();
    private FrozenDictionary<string, ToolDescriptor> _byName;

    public McpServerToolCatalog(IOptions<McpServerOptions> mcpOptions, ILogger<McpServerToolCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(mcpOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _tools = mcpOptions.Value.ToolCollection;
        _byName = Build(FrozenDictionary<string, ToolDescriptor>.Empty);
        if (_tools is not null)
        {
            _tools.Changed += OnToolsChanged;
        }
    }

    public bool TryGetTool(string name, [NotNullWhen(true)] out ToolDescriptor? tool) => _byName.TryGetValue(name, out tool);

    public IReadOnlyList<string> FindClosestNames(string name, int max) => NameSuggestions.Closest(name, _byName.Keys, max);

    public bool Exists(string toolName) => _byName.ContainsKey(toolName);

    public bool DeclaresOutputSchema(string toolName) => _byName.TryGetValue(toolName, out ToolDescriptor? tool) && tool.HasOutputSchema;

    public void Dispose()
    {
        if (_tools is not null)
        {
            _tools.Changed -= OnToolsChanged;
        }

        foreach (ToolDescriptor tool in _byName.Values)
        {
            tool.Schema.Dispose();
        }
    }

    private void OnToolsChanged(object? sender, EventArgs e)
    {
        lock (_rebuildLock)
        {
            _byName = Build(_byName);
        }
    }

    private FrozenDictionary<string, ToolDescriptor> Build(FrozenDictionary<string, ToolDescriptor> previous)
    {
        var byName = new Dictionary<string, ToolDescriptor>(StringComparer.Ordinal);
        foreach (McpServerTool tool in _tools ?? Enumerable.Empty<McpServerTool>())
        {
            string name = tool.ProtocolTool.Name;

            // A tool object that has not changed keeps its compiled schema.
            if (previous.TryGetValue(name, out ToolDescriptor? known) && ReferenceEquals(known.Source, tool))
            {
                byName[name] = known;
                continue;
            }

            byName[name] = Describe(tool);
        }

        return byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private ToolDescriptor Describe(McpServerTool tool)
    {
        string name = tool.ProtocolTool.Name;
        MethodInfo? method = tool.Metadata.OfType<MethodInfo>().FirstOrDefault();
        CompiledSchema schema = SchemaCompiler.Compile(tool.ProtocolTool.InputSchema, method, McpJsonUtilities.DefaultOptions);
        FullSchemaValidator? full = null;
        if (schema.Error is not null)
        {
            LogUnusableSchema(_logger, name, schema.Error);
        }
        else if (schema.NeedsFullValidation)
        {
            try
            {
                full = FullSchemaValidator.Load(schema.Document.RootElement);
                LogFullValidation(_logger, name, schema.UncoveredKeywords);
            }
            catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException or Newtonsoft.Json.JsonException)
            {
                schema = new CompiledSchema(schema.Document, schema.Root, schema.UncoveredKeywords, exception.Message);
                LogUnusableSchema(_logger, name, exception.Message);
            }
        }

        return new ToolDescriptor(name, schema, method, tool.Metadata, full) { Source = tool, HasOutputSchema = tool.ProtocolTool.OutputSchema is not null };
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning,
        Message = "Airlock cannot use the input schema of tool {Tool}; calls to it will be refused: {Problem}")]
    private static partial void LogUnusableSchema(ILogger logger, string tool, string problem);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information,
        Message = "Tool {Tool} uses schema keywords the compiled checker does not cover ({Keywords}); its calls are also checked by the full JSON Schema validator")]
    private static partial void LogFullValidation(ILogger logger, string tool, IReadOnlyList<string> keywords);
}

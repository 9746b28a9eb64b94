namespace AgentAirlock.Benchmarks.Shared;

/// <summary>The calls the benchmarks send: typical calls to the sample's tools on both wire shapes, and refused ones.</summary>
internal static class SampleCalls
{
    private const string Meta2026 =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
        + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"bench\",\"version\":\"1.0.0\"}}";

    public static readonly SampleCall Add = new("add", "add", "2025-11-25",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3}}}""", rejected: false);

    public static readonly SampleCall GetCustomer = new("get_customer", "get_customer", "2025-11-25",
        """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_customer","arguments":{"customer_id":42}}}""", rejected: false);

    public static readonly SampleCall Search2025 = new("search_2025-11-25", "search_documents", "2025-11-25",
        """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search_documents","arguments":{"query":"rate limits","limit":5}}}""", rejected: false);

    public static readonly SampleCall Search2026 = new("search_2026-07-28", "search_documents", "2026-07-28",
        """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"search_documents","arguments":{"query":"rate limits","limit":5},"""
        + Meta2026 + "}}", rejected: false);

    /// <summary>A hallucinated argument <c>c</c>: refused by the default <c>UnknownArguments: Reject</c>.</summary>
    public static readonly SampleCall GhostArgument = new("add_ghost_arg", "add", "2025-11-25",
        """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"add","arguments":{"a":2,"b":3,"c":4}}}""", rejected: true);

    /// <summary>A number sent as a string: refused by strict types.</summary>
    public static readonly SampleCall WrongType = new("add_wrong_type", "add", "2025-11-25",
        """{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"add","arguments":{"a":"2","b":3}}}""", rejected: true);

    public static IReadOnlyList<SampleCall> All { get; } = [Add, GetCustomer, Search2025, Search2026, GhostArgument, WrongType];

    public static SampleCall Get(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No sample call named '{name}'.", nameof(name));
}

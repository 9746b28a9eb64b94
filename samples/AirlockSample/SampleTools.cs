using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AgentAirlock.Sandbox;
using ModelContextProtocol.Server;

namespace AirlockSample;

/// <summary>
/// The sample's MCP tools. Their values are synthetic; get_customer returns fake personal data on purpose,
/// for the sanitizer to mask.
/// </summary>
[McpServerToolType]
public sealed class SampleTools
{
    [McpServerTool(Name = "add", ReadOnly = true, Idempotent = true), Description("Adds two integers.")]
    public static long Add(
        [Description("The first addend.")] int a,
        [Description("The second addend.")] int b) => (long)a + b;

    [McpServerTool(Name = "echo", ReadOnly = true, Idempotent = true), Description("Returns the text it is given.")]
    public static string Echo([Description("The text to echo.")] string text) => text;

    [McpServerTool(Name = "get_customer", ReadOnly = true, UseStructuredContent = true), Description("Returns the customer record with the given id.")]
    public static Customer GetCustomer([Description("The customer's numeric id."), Range(1, 1_000_000)] int customer_id) =>
        Customer.Synthetic(customer_id);

    [McpServerTool(Name = "search_documents", ReadOnly = true), Description("Searches the document library by keyword.")]
    public static IReadOnlyList<DocumentHit> SearchDocuments(
        [Description("Keywords to search for."), StringLength(200, MinimumLength = 1)] string query,
        [Description("How many hits to return, 1 to 50."), Range(1, 50)] int limit = 5) =>
        DocumentLibrary.Search(query, limit);

    [McpServerTool(Name = "delete_record", Destructive = true), Description("Deletes a record (a demonstration: nothing is stored).")]
    public static string DeleteRecord(
        [Description("The id of the record to delete.")] int record_id,
        [Description("Why the record is deleted.")] string reason) =>
        $"Record {record_id} deleted. Reason: {reason}";

    [McpServerTool(Name = "read_file", ReadOnly = true), Description("Reads a text file of the sample's data folder.")]
    [AirlockSandbox(TimeoutSeconds = 10, MemoryMb = 128, CpuSeconds = 5)]
    public static string ReadFile([Description("The file's path, relative to the data folder, for example welcome.txt.")] string path)
    {
        // Deliberately no check that the path stays inside the folder: the tool runs in Airlock's sandbox, where the data
        // folder is the only folder of the host that is mounted, so "../../etc/shadow" finds nothing to read.
        string root = Environment.GetEnvironmentVariable("SAMPLE_DATA_DIR") ?? "/data";
        return File.ReadAllText(Path.Combine(root, path));
    }
}

using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static ModelContextProtocol.Protocol.ElicitRequestParams;

namespace ConformanceServer;

/// <summary>
/// Tools that ask the client for input (elicitation/create): a plain form, a form whose fields carry defaults
/// (SEP-1034), and a form with each enum shape (SEP-1330).
/// </summary>
[McpServerToolType]
public sealed class ElicitationTools
{
    [McpServerTool(Name = "test_elicitation"), Description("Asks the user for a username and an e-mail address.")]
    public static Task<string> Elicitation(
        McpServer server,
        [Description("The message shown to the user.")] string message,
        CancellationToken cancellationToken) =>
        ElicitAsync(server, message, new RequestSchema
        {
            Properties = new Dictionary<string, PrimitiveSchemaDefinition>
            {
                ["username"] = new StringSchema { Description = "The user's name" },
                ["email"] = new StringSchema { Description = "The user's e-mail address", Format = "email" },
            },
            Required = ["username", "email"],
        }, cancellationToken);

    [McpServerTool(Name = "test_elicitation_sep1034_defaults"), Description("Asks for input with a default value for every primitive type (SEP-1034).")]
    public static Task<string> ElicitationWithDefaults(McpServer server, CancellationToken cancellationToken) =>
        ElicitAsync(server, "Please review and update the form fields with defaults", new RequestSchema
        {
            Properties = new Dictionary<string, PrimitiveSchemaDefinition>
            {
                ["name"] = new StringSchema { Description = "User name", Default = "John Doe" },
                ["age"] = new NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                ["score"] = new NumberSchema { Description = "User score", Default = 95.5 },
                ["status"] = new UntitledSingleSelectEnumSchema { Description = "User status", Enum = ["active", "inactive", "pending"], Default = "active" },
                ["verified"] = new BooleanSchema { Description = "Verification status", Default = true },
            },
        }, cancellationToken);

    [McpServerTool(Name = "test_elicitation_sep1330_enums"), Description("Asks for input with each enum schema variant (SEP-1330).")]
    public static Task<string> ElicitationWithEnums(McpServer server, CancellationToken cancellationToken) =>
        ElicitAsync(server, "Please select options from the enum fields", new RequestSchema
        {
            Properties = new Dictionary<string, PrimitiveSchemaDefinition>
            {
                ["untitledSingle"] = new UntitledSingleSelectEnumSchema
                {
                    Description = "Untitled single-select",
                    Enum = ["option1", "option2", "option3"],
                },
                ["titledSingle"] = new TitledSingleSelectEnumSchema
                {
                    Description = "Titled single-select",
                    OneOf = [Option("value1", "First Option"), Option("value2", "Second Option"), Option("value3", "Third Option")],
                },
                ["legacyEnum"] = new LegacyTitledEnumSchema
                {
                    Description = "Legacy titled enum (enumNames)",
                    Enum = ["opt1", "opt2", "opt3"],
                    EnumNames = ["Option One", "Option Two", "Option Three"],
                },
                ["untitledMulti"] = new UntitledMultiSelectEnumSchema
                {
                    Description = "Untitled multi-select",
                    Items = new UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
                },
                ["titledMulti"] = new TitledMultiSelectEnumSchema
                {
                    Description = "Titled multi-select",
                    Items = new TitledEnumItemsSchema
                    {
                        AnyOf = [Option("value1", "First Choice"), Option("value2", "Second Choice"), Option("value3", "Third Choice")],
                    },
                },
            },
        }, cancellationToken);

    private static EnumSchemaOption Option(string value, string title) => new() { Const = value, Title = title };

    private static async Task<string> ElicitAsync(McpServer server, string message, RequestSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ElicitResult result = await server.ElicitAsync(new ElicitRequestParams { Message = message, RequestedSchema = schema }, cancellationToken);
        string content = result.Content is null ? "{}" : JsonSerializer.Serialize(result.Content);
        return $"Elicitation completed: action={result.Action}, content={content}";
    }
}

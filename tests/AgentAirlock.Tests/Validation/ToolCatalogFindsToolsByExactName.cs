using System.Reflection;
using AgentAirlock.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;

namespace AgentAirlock.Tests.Validation;

public sealed class ToolCatalogFindsToolsByExactName
{
    private static McpServerTool Tool(string method) =>
        McpServerTool.Create(typeof(Tools).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!);

    private static (McpServerToolCatalog Catalog, McpServerPrimitiveCollection<McpServerTool> Tools) Create(params McpServerTool[] tools)
    {
        var collection = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (McpServerTool tool in tools)
        {
            collection.Add(tool);
        }

        var options = new McpServerOptions { ToolCollection = collection };
        return (new McpServerToolCatalog(Microsoft.Extensions.Options.Options.Create(options), NullLogger<McpServerToolCatalog>.Instance), collection);
    }

    [Fact]
    public void A_tool_is_found_by_its_exact_name_with_its_method_and_compiled_schema()
    {
        (McpServerToolCatalog catalog, _) = Create(Tool(nameof(Tools.Add)), Tool(nameof(Tools.Echo)));
        using (catalog)
        {
            Assert.True(catalog.TryGetTool("add", out ToolDescriptor? add));
            Assert.Equal("add", add.Name);
            Assert.Equal(nameof(Tools.Add), add.Method?.Name);
            Assert.Null(add.Schema.Error);
            Assert.Equal(["a", "b"], add.Schema.Root.Properties.Select(p => p.Name));
            Assert.Null(add.FullValidator);
            Assert.False(catalog.TryGetTool("ADD", out _));
            Assert.False(catalog.TryGetTool("ad", out _));
        }
    }

    [Fact]
    public void The_closest_names_are_offered_for_an_unknown_tool()
    {
        (McpServerToolCatalog catalog, _) = Create(Tool(nameof(Tools.Add)), Tool(nameof(Tools.Echo)), Tool(nameof(Tools.GetCustomer)));
        using (catalog)
        {
            Assert.Equal(["get_customer"], catalog.FindClosestNames("get_customers", 3));
            Assert.Empty(catalog.FindClosestNames("zzzzzzzzzz", 3));
        }
    }

    [Fact]
    public void A_tool_with_uncovered_keywords_gets_the_full_validator()
    {
        (McpServerToolCatalog catalog, _) = Create(Tool(nameof(Tools.Email)));
        using (catalog)
        {
            Assert.True(catalog.TryGetTool("email", out ToolDescriptor? email));
            Assert.NotNull(email.FullValidator);
        }
    }

    [Fact]
    public void A_tool_added_later_is_compiled_and_found()
    {
        (McpServerToolCatalog catalog, McpServerPrimitiveCollection<McpServerTool> tools) = Create(Tool(nameof(Tools.Add)));
        using (catalog)
        {
            Assert.False(catalog.TryGetTool("echo", out _));

            tools.Add(Tool(nameof(Tools.Echo)));

            Assert.True(catalog.TryGetTool("echo", out ToolDescriptor? echo));
            Assert.Null(echo.Schema.Error);
            Assert.True(catalog.TryGetTool("add", out _));
        }
    }

    [Fact]
    public void The_unknown_arguments_attribute_reaches_the_descriptor()
    {
        (McpServerToolCatalog catalog, _) = Create(McpServerTool.Create(typeof(ModeTools).GetMethod(nameof(ModeTools.Lenient))!));
        using (catalog)
        {
            Assert.True(catalog.TryGetTool("lenient", out ToolDescriptor? lenient));
            Assert.Equal(UnknownArgumentsMode.Strip, lenient.UnknownArguments);
        }
    }
}

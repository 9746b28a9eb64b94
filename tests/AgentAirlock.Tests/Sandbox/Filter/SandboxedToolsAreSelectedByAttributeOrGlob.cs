using System.ComponentModel;
using System.Reflection;
using AgentAirlock.Sandbox;
using ModelContextProtocol.Server;

namespace AgentAirlock.Tests.Sandbox.Filter;

public sealed class SandboxedToolsAreSelectedByAttributeOrGlob
{
    private static McpServerTool Tool(string method) =>
        McpServerTool.Create(typeof(SelectorTools).GetMethod(method)!, target: null);

    private static McpServerTool InstanceTool<T>(string method)
        where T : class =>
        McpServerTool.Create(typeof(T).GetMethod(method)!, static _ => throw new InvalidOperationException("never created here"));

    [Fact]
    public void A_method_with_the_attribute_is_sandboxed_with_its_own_limits()
    {
        var selector = new SandboxedToolSelector();
        var options = new SandboxOptions { TimeoutSeconds = 30, MemoryMb = 256, CpuSeconds = 10 };

        Assert.True(selector.TryGetSandboxed(Tool(nameof(SelectorTools.Marked)), options, out SandboxedTool? tool));
        Assert.Null(tool.Problem);
        SandboxLimits limits = tool.LimitsFrom(options);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.Timeout);
        Assert.Equal(64, limits.MemoryMb);
        Assert.Equal(10, limits.CpuSeconds);
    }

    [Fact]
    public void A_method_without_it_is_sandboxed_only_when_a_configured_glob_names_it()
    {
        var selector = new SandboxedToolSelector();
        McpServerTool tool = Tool(nameof(SelectorTools.Plain));
        var none = new SandboxOptions();
        var named = new SandboxOptions();
        named.Tools.Add("pl?in");
        var other = new SandboxOptions();
        other.Tools.Add("read_*");

        Assert.False(selector.TryGetSandboxed(tool, none, out _));
        Assert.True(selector.TryGetSandboxed(tool, named, out SandboxedTool? sandboxed));
        Assert.Equal(TimeSpan.FromSeconds(named.TimeoutSeconds), sandboxed.LimitsFrom(named).Timeout);
        Assert.False(selector.TryGetSandboxed(tool, other, out _));
    }

    [Fact]
    public void A_method_that_needs_server_services_cannot_run_in_the_sandbox()
    {
        Assert.True(new SandboxedToolSelector().TryGetSandboxed(Tool(nameof(SelectorTools.NeedsServer)), new SandboxOptions(), out SandboxedTool? tool));

        Assert.Contains("'server'", tool.Problem, StringComparison.Ordinal);
        Assert.Contains("services", tool.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instance_method_needs_a_public_parameterless_constructor()
    {
        Assert.True(new SandboxedToolSelector().TryGetSandboxed(
            InstanceTool<ToolsWithoutDefaultConstructor>(nameof(ToolsWithoutDefaultConstructor.Marked)), new SandboxOptions(), out SandboxedTool? tool));

        Assert.Contains("no public parameterless constructor", tool.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_tokens_and_progress_are_not_arguments_but_are_fine()
    {
        Assert.True(new SandboxedToolSelector().TryGetSandboxed(Tool(nameof(SelectorTools.WithToken)), new SandboxOptions(), out SandboxedTool? tool));

        Assert.Null(tool.Problem);
    }

    [Fact]
    public void A_lambda_named_by_a_glob_is_selected_and_refused_with_the_reason()
    {
        var options = new SandboxOptions();
        options.Tools.Add("*");
        string suffix = "!";
        McpServerTool lambda = McpServerTool.Create((string text) => text + suffix, new McpServerToolCreateOptions { Name = "lambda" });

        // Selected (never silently in-process), and the problem says why the runner could not invoke it.
        Assert.True(new SandboxedToolSelector().TryGetSandboxed(lambda, options, out SandboxedTool? tool));
        Assert.Contains("public", tool.Problem, StringComparison.Ordinal);
    }

    public static class SelectorTools
    {
        [McpServerTool(Name = "marked"), Description("Marked.")]
        [AirlockSandbox(TimeoutSeconds = 5, MemoryMb = 64)]
        public static string Marked(string text) => text;

        [McpServerTool(Name = "plain"), Description("Not marked.")]
        public static string Plain(string text) => text;

        [McpServerTool(Name = "needs_server"), Description("Asks for the server.")]
        [AirlockSandbox]
        public static string NeedsServer(McpServer server, string text) => server is null ? text : text;

        [McpServerTool(Name = "with_token"), Description("Takes a token and progress.")]
        [AirlockSandbox]
        public static string WithToken(string text, IProgress<ModelContextProtocol.ProgressNotificationValue> progress, CancellationToken cancellationToken) =>
            progress is null || cancellationToken.IsCancellationRequested ? "" : text;
    }

    public sealed class ToolsWithoutDefaultConstructor(string prefix)
    {
        [McpServerTool(Name = "instance_marked"), Description("An instance tool.")]
        [AirlockSandbox]
        public string Marked(string text) => prefix + text;
    }
}

using System.Text.Json;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>The request names the tool by the sandbox's path, type, method and token, and carries the arguments verbatim.</summary>
public sealed class RunnerProtocolWritesRequests
{
    [Fact]
    public void The_request_carries_the_sandbox_path_and_the_method_identity()
    {
        SandboxInvocation invocation = RunnerHarness.Invocation(
            RunnerHarness.Method(typeof(SandboxTestTools), nameof(SandboxTestTools.Add)), """{"a":1,"b":2}""");

        using JsonDocument request = JsonDocument.Parse(RunnerProtocol.WriteRequest(invocation, "/tool/AgentAirlock.Tests.dll"));

        JsonElement root = request.RootElement;
        Assert.Equal("/tool/AgentAirlock.Tests.dll", root.GetProperty("assembly").GetString());
        Assert.Equal(typeof(SandboxTestTools).FullName, root.GetProperty("type").GetString());
        Assert.Equal("Add", root.GetProperty("method").GetString());
        Assert.Equal(invocation.MetadataToken, root.GetProperty("metadataToken").GetInt32());
    }

    [Fact]
    public void The_arguments_are_written_exactly_as_given()
    {
        const string Arguments = """{"text":"line\nbreak \"q\" \u00e9","nested":{"list":[1,2.5,true,null]}}""";
        SandboxInvocation invocation = RunnerHarness.Invocation(
            RunnerHarness.Method(typeof(SandboxTestTools), nameof(SandboxTestTools.Echo)), Arguments);

        using JsonDocument request = JsonDocument.Parse(RunnerProtocol.WriteRequest(invocation, "/tool/x.dll"));

        JsonElement arguments = request.RootElement.GetProperty("arguments");
        Assert.True(JsonElement.DeepEquals(invocation.Arguments, arguments));
        Assert.Equal("line\nbreak \"q\" \u00e9", arguments.GetProperty("text").GetString());
    }
}

using System.Text.Json.Nodes;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// The tool's assembly loads next to the runner's: its package dependencies from its own manifest, and the ASP.NET
/// Core shared framework of the application it was declared in. (That the MCP SDK's types are shared with the runner is
/// shown by results such as <c>CallToolResult</c> keeping their kind, in <see cref="RunnerReturnsEveryKindOfResult"/>.)
/// </summary>
public sealed class RunnerLoadsTheToolsDependencies
{
    [Fact]
    public async Task A_package_the_runner_does_not_have_loads_from_the_tools_manifest()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.DependencyName));

        Assert.Equal("NJsonSchema", run.ReturnValue);
    }

    [Fact]
    public async Task The_aspnetcore_shared_framework_is_available_to_the_tool()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.FrameworkName));

        Assert.Equal("Microsoft.AspNetCore.Http.Abstractions", run.ReturnValue);
    }

    [Fact]
    public async Task Without_aspnetcore_in_its_runtime_configuration_the_runner_still_finds_the_shared_framework()
    {
        string directory = Directory.CreateTempSubdirectory("airlock-runner-").FullName;
        try
        {
            foreach (string file in SandboxFiles.RunnerFiles(RunnerHarness.RunnerPath))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }

            // Only Microsoft.NETCore.App: ASP.NET Core's assemblies (the tool's, and the SDK's abstractions) are then
            // found only by the runner's fallback to the sibling shared frameworks.
            string config = Path.Combine(directory, "AgentAirlock.SandboxRunner.runtimeconfig.json");
            JsonNode runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
            JsonArray frameworks = runtimeConfig["runtimeOptions"]!["frameworks"]!.AsArray();
            JsonNode core = frameworks.Single(static f => (string?)f!["name"] == "Microsoft.NETCore.App")!.DeepClone();
            runtimeConfig["runtimeOptions"]!["frameworks"] = new JsonArray(core);
            await File.WriteAllTextAsync(config, runtimeConfig.ToJsonString());
            SandboxInvocation invocation = RunnerHarness.Invocation(
                RunnerHarness.Method(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.FrameworkName)));

            RunnerRun run = await RunnerHarness.RunRunnerAsync(
                Path.Combine(directory, SandboxFiles.RunnerFileName), RunnerProtocol.WriteRequest(invocation, invocation.AssemblyPath));

            Assert.Equal("Microsoft.AspNetCore.Http.Abstractions", run.ReturnValue);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

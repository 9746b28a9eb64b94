using System.Text;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// Requests the runner cannot or must not carry out end with exit code 2 and a refusal that names what is wrong
/// (a parameter, a type) and never an argument's value.
/// </summary>
public sealed class RunnerRefusesBadRequests
{
    private const string Refused = "the runner refused the invocation: ";

    private static string AssertRefused(RunnerRun run)
    {
        SandboxOutcome outcome = run.Outcome;
        Assert.Equal(SandboxStatus.Failed, outcome.Status);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(Refused, outcome.Detail, StringComparison.Ordinal);
        return outcome.Detail!;
    }

    private static Task<RunnerRun> Raw(string json) => RunnerHarness.RunAsync(Encoding.UTF8.GetBytes(json));

    private static string AddRequest(string assembly, string type, string method, int token, string arguments = """{"a":1,"b":2}""") =>
        $$"""{"assembly":"{{assembly}}","type":"{{type}}","method":"{{method}}","metadataToken":{{token}},"arguments":{{arguments}}}""";

    private static readonly string ToolAssembly = typeof(SandboxTestTools).Assembly.Location;
    private static readonly string ToolType = typeof(SandboxTestTools).FullName!;
    private static readonly int AddToken = RunnerHarness.Method(typeof(SandboxTestTools), nameof(SandboxTestTools.Add)).MetadataToken;

    [Fact]
    public async Task Input_that_is_not_json_is_refused()
    {
        Assert.Contains("not valid JSON", AssertRefused(await Raw("{\"assembly\":")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_that_is_not_an_object_is_refused()
    {
        Assert.Contains("not a JSON object", AssertRefused(await Raw("[1,2]")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_metadata_token_is_refused()
    {
        string detail = AssertRefused(await Raw($$$"""{"assembly":"{{{ToolAssembly}}}","type":"{{{ToolType}}}","method":"Add","arguments":{}}"""));

        Assert.Contains("metadataToken", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_whose_arguments_are_not_an_object_is_refused()
    {
        string detail = AssertRefused(await Raw(AddRequest(ToolAssembly, ToolType, "Add", AddToken, "[1,2]")));

        Assert.Contains("arguments", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_larger_than_four_mebibytes_is_refused()
    {
        string big = new('x', 5 * 1024 * 1024);
        RunnerRun run = await Raw(AddRequest(ToolAssembly, ToolType, "Echo", AddToken, "{\"text\":\"" + big + "\"}"));

        Assert.Contains("larger than 4194304 bytes", AssertRefused(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tool_assembly_is_refused()
    {
        string detail = AssertRefused(await Raw(AddRequest("/nonexistent/Missing.Tool.dll", ToolType, "Add", AddToken)));

        Assert.Contains("Missing.Tool.dll was not found", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relative_tool_assembly_path_is_refused()
    {
        AssertRefused(await Raw(AddRequest("Tool.dll", ToolType, "Add", AddToken)));
    }

    [Fact]
    public async Task A_file_that_is_not_an_assembly_is_refused()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("airlock-runner-").FullName, "NotAnAssembly.dll");
        await File.WriteAllTextAsync(path, "plain text");
        try
        {
            Assert.Contains("not a .NET assembly", AssertRefused(await Raw(AddRequest(path, ToolType, "Add", AddToken))), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_type_is_refused()
    {
        string detail = AssertRefused(await Raw(AddRequest(ToolAssembly, "AgentAirlock.Tests.NoSuchType", "Add", AddToken)));

        Assert.Contains("no type AgentAirlock.Tests.NoSuchType", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_another_method_than_the_named_one_is_refused()
    {
        string detail = AssertRefused(await Raw(AddRequest(ToolAssembly, ToolType, "Echo", AddToken)));

        Assert.Contains("does not name the method", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_of_a_method_of_another_type_is_refused()
    {
        int token = RunnerHarness.Method(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.NeedsServer)).MetadataToken;

        AssertRefused(await Raw(AddRequest(ToolAssembly, ToolType, nameof(RunnerEdgeTools.NeedsServer), token, "{}")));
    }

    [Fact]
    public async Task A_token_that_is_not_a_method_token_is_refused()
    {
        int typeToken = typeof(SandboxTestTools).MetadataToken;

        AssertRefused(await Raw(AddRequest(ToolAssembly, ToolType, "Add", typeToken)));
    }

    [Fact]
    public async Task A_method_that_is_not_public_is_refused()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), "Hidden");

        Assert.Contains("is not public", AssertRefused(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_argument_is_refused_by_name()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":1}""");

        Assert.Contains("required argument 'b' is missing", AssertRefused(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_argument_that_does_not_bind_is_refused_by_name_without_its_value()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":"secret-value-42","b":2}""");

        string detail = AssertRefused(run);
        Assert.Contains("'a' is not a valid System.Int32", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value-42", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value-42", Encoding.UTF8.GetString(run.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Null_for_a_value_type_parameter_is_refused_by_name()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(SandboxTestTools), nameof(SandboxTestTools.Add), """{"a":null,"b":2}""");

        Assert.Contains("'a' is null", AssertRefused(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(RunnerEdgeTools.NeedsServer), "server")]
    [InlineData(nameof(RunnerEdgeTools.NeedsRequest), "request")]
    [InlineData(nameof(RunnerEdgeTools.NeedsServices), "services")]
    [InlineData(nameof(RunnerEdgeTools.NeedsKeyed), "clock")]
    public async Task Parameters_the_sdk_fills_from_the_server_are_refused(string method, string parameter)
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), method);

        string detail = AssertRefused(run);
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);
        Assert.Contains("not available in the sandbox", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_required_service_parameter_such_as_a_logger_is_refused()
    {
        RunnerRun run = await RunnerHarness.RunAsync(typeof(RunnerEdgeTools), nameof(RunnerEdgeTools.NeedsLogger), """{"text":"x"}""");

        string detail = AssertRefused(run);
        Assert.Contains("'logger'", detail, StringComparison.Ordinal);
        Assert.Contains("not available in the sandbox", detail, StringComparison.Ordinal);
    }
}

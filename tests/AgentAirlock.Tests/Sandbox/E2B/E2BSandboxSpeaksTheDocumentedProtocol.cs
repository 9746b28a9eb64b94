using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>What goes over the wire for one call, checked against e2b-protocol.md (§2.4, §3.3, §4.1–§4.3, §5.1).</summary>
public sealed class E2BSandboxSpeaksTheDocumentedProtocol : IAsyncLifetime
{
    private E2BHarness _harness = null!;
    private SandboxOutcome _outcome = null!;
    private SandboxInvocation _invocation = null!;

    public async Task InitializeAsync()
    {
        _harness = await E2BHarness.StartAsync(static e2b => e2b.Environment["TOOL_MODE"] = "test");
        _invocation = E2BHarness.Invocation("Add", """{"a":2,"b":3}""", TimeSpan.FromSeconds(20));
        _outcome = await _harness.Sandbox.RunAsync(_invocation, CancellationToken.None);
        Assert.True(_outcome.Status == SandboxStatus.Completed, _outcome.Detail);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private FakeE2BServer Server => _harness.Server;

    private string SandboxId => Assert.Single(Server.Created);

    [Fact]
    public void Creation_names_the_template_a_lifetime_just_past_the_deadline_and_no_internet()
    {
        FakeE2BRequest create = Assert.Single(Server.RequestsOf("create"));

        Assert.Equal(FakeE2BServer.ApiKey, create.Headers["X-API-KEY"]);
        Assert.StartsWith("application/json", create.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(create.Body);
        Assert.Equal(E2BHarness.Template, body.RootElement.GetProperty("templateID").GetString());
        Assert.Equal(50, body.RootElement.GetProperty("timeout").GetInt32());
        Assert.False(body.RootElement.GetProperty("allow_internet_access").GetBoolean());
        Assert.Equal([50], Server.Sandbox(SandboxId).Lifetimes);
    }

    [Fact]
    public void Every_envd_request_carries_the_routing_headers_and_the_access_token()
    {
        FakeE2BRequest[] envd = [.. Server.RequestsOf("upload"), .. Server.RequestsOf("start")];

        Assert.Equal(2, envd.Length);
        Assert.All(envd, request =>
        {
            Assert.Equal(SandboxId, request.Headers["E2b-Sandbox-Id"]);
            Assert.Equal("49983", request.Headers["E2b-Sandbox-Port"]);
            Assert.StartsWith("tok_", request.Headers["X-Access-Token"], StringComparison.Ordinal);
            Assert.False(request.Headers.ContainsKey("X-API-KEY"));
        });
    }

    [Fact]
    public void One_multipart_upload_holds_the_runner_the_tool_and_the_request_and_no_configuration()
    {
        FakeE2BRequest upload = Assert.Single(Server.RequestsOf("upload"));
        Assert.StartsWith("multipart/form-data; boundary=", upload.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("", upload.Query);
        string[] paths = [.. Server.Uploads.Select(static file => file.Path)];

        Assert.All(Server.Uploads, static file => Assert.Equal("file", file.PartName));
        Assert.All(paths, static path => Assert.StartsWith("/home/user/airlock/", path, StringComparison.Ordinal));
        Assert.Contains("/home/user/airlock/runner/AgentAirlock.SandboxRunner.dll", paths);
        Assert.Contains("/home/user/airlock/runner/AgentAirlock.SandboxRunner.runtimeconfig.json", paths);
        Assert.Contains("/home/user/airlock/tool/AgentAirlock.Tests.dll", paths);
        Assert.DoesNotContain(paths, static path => Path.GetFileName(path).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
        byte[] request = Assert.Single(Server.Uploads, static file => file.Path == "/home/user/airlock/request.json").Content;
        Assert.Equal(RunnerProtocol.WriteRequest(_invocation, "/home/user/airlock/tool/AgentAirlock.Tests.dll"), request);
        byte[] runner = Assert.Single(Server.Uploads, static file => file.Path.EndsWith("/runner/AgentAirlock.SandboxRunner.dll", StringComparison.Ordinal)).Content;
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "AgentAirlock.SandboxRunner.dll")), runner);
    }

    [Fact]
    public void The_runner_is_started_with_one_connect_envelope_and_the_request_file_on_its_stdin()
    {
        FakeE2BRequest start = Assert.Single(Server.RequestsOf("start"));

        Assert.Equal("application/connect+json", start.Headers["Content-Type"]);
        Assert.Equal("1", start.Headers["Connect-Protocol-Version"]);
        Assert.False(start.Headers.ContainsKey("Connect-Accept-Encoding"));
        Assert.False(start.Headers.ContainsKey("Authorization"));
        Assert.Equal("50", start.Headers["Keepalive-Ping-Interval"]);
        long deadline = long.Parse(start.Headers["Connect-Timeout-Ms"], CultureInfo.InvariantCulture);
        Assert.InRange(deadline, 1, 20_000);

        Assert.Equal(0, start.Body[0]);
        Assert.Equal((uint)(start.Body.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(start.Body.AsSpan(1)));
        using var body = JsonDocument.Parse(start.Body.AsMemory(5));
        Assert.False(body.RootElement.GetProperty("stdin").GetBoolean());
        JsonElement process = body.RootElement.GetProperty("process");
        Assert.Equal("/bin/sh", process.GetProperty("cmd").GetString());
        Assert.Equal("/home/user/airlock", process.GetProperty("cwd").GetString());
        string[] args = [.. process.GetProperty("args").EnumerateArray().Select(static arg => arg.GetString()!)];
        Assert.Equal(["-c", args[1], "airlock-runner", "dotnet", "/home/user/airlock/runner/AgentAirlock.SandboxRunner.dll",
            "/home/user/airlock/request.json", "10"], args);
        Assert.EndsWith("exec \"$1\" \"$2\" < \"$3\"", args[1], StringComparison.Ordinal);
        JsonElement envs = process.GetProperty("envs");
        Assert.Equal("test", envs.GetProperty("TOOL_MODE").GetString());
        Assert.Equal("0x10000000", envs.GetProperty("DOTNET_GCHeapHardLimit").GetString());
    }

    [Fact]
    public void The_sandbox_is_killed_once_the_result_is_read()
    {
        FakeE2BRequest kill = Assert.Single(Server.RequestsOf("kill"));

        Assert.Equal("/sandboxes/" + SandboxId, kill.Path);
        Assert.Equal(FakeE2BServer.ApiKey, kill.Headers["X-API-KEY"]);
        Assert.True(kill.At > Server.RequestsOf("start")[0].At);
    }
}

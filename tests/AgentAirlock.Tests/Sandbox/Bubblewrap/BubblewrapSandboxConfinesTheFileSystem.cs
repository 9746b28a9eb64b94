using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapSandboxConfinesTheFileSystem
{
    [Fact]
    public async Task The_host_etc_shadow_cannot_be_read()
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadFile), """{"path":"/etc/shadow"}""");

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.StartsWith("System.IO.DirectoryNotFoundException", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_next_to_the_tool_that_are_not_its_assemblies_are_not_mounted()
    {
        await using var harness = BubblewrapHarness.Create();
        string marker = $"airlock-marker-{Guid.NewGuid():N}.json";
        string markerPath = Path.Combine(AppContext.BaseDirectory, marker);
        await File.WriteAllTextAsync(markerPath, """{"secret":"server configuration"}""");
        try
        {
            SandboxOutcome listing = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ListDirectory), """{"path":"/tool"}""");
            SandboxOutcome reading = await harness.RunAsync(
                typeof(HostileTools), nameof(HostileTools.ReadFile), $$"""{"path":"/tool/{{marker}}"}""");

            string names = BubblewrapHarness.Value(listing);
            Assert.Contains("\"AgentAirlock.Tests.dll\"", names, StringComparison.Ordinal);
            Assert.DoesNotContain(marker, names, StringComparison.Ordinal);
            Assert.DoesNotContain("appsettings", names, StringComparison.Ordinal);
            Assert.DoesNotContain(".runtimeconfig.json", names, StringComparison.Ordinal);
            Assert.Equal(SandboxStatus.ToolFailed, reading.Status);
            Assert.StartsWith("System.IO.FileNotFoundException", reading.Detail, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(markerPath);
        }
    }

    [Theory]
    [InlineData("/tool/written.txt")]
    [InlineData("/usr/lib/written.txt")]
    [InlineData("/opt/dotnet/written.txt")]
    [InlineData("/written.txt")]
    [InlineData("/dev/written.txt")]
    [InlineData("/sandbox/runner/written.txt")]
    public async Task Nothing_outside_tmp_is_writable(string path)
    {
        await using var harness = BubblewrapHarness.Create();

        SandboxOutcome outcome = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.WriteFile), $$"""{"path":"{{path}}","content":"x"}""");

        Assert.Equal(SandboxStatus.ToolFailed, outcome.Status);
        Assert.Contains("Read-only file system", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tmp_is_writable_private_and_gone_after_the_call()
    {
        await using var harness = BubblewrapHarness.Create();
        string name = $"airlock-tmp-{Guid.NewGuid():N}.txt";

        SandboxOutcome writing = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.WriteFile), $$"""{"path":"/tmp/{{name}}","content":"scratch"}""");
        SandboxOutcome readingLater = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.ReadFile), $$"""{"path":"/tmp/{{name}}"}""");

        Assert.Equal("written", BubblewrapHarness.Value(writing));
        Assert.Equal(SandboxStatus.ToolFailed, readingLater.Status);
        Assert.False(File.Exists(Path.Combine("/tmp", name)), "the sandbox's /tmp must not be the host's");
    }

    [Fact]
    public async Task Tmp_is_capped_at_its_configured_size()
    {
        await using var harness = BubblewrapHarness.Create(options => options.TmpSizeMb = 1);
        string small = new('z', 100 * 1024);
        string big = new('z', 2 * 1024 * 1024);

        SandboxOutcome fits = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.WriteFile), $$"""{"path":"/tmp/small.txt","content":"{{small}}"}""");
        SandboxOutcome overflows = await harness.RunAsync(
            typeof(HostileTools), nameof(HostileTools.WriteFile), $$"""{"path":"/tmp/big.txt","content":"{{big}}"}""");

        Assert.Equal("written", BubblewrapHarness.Value(fits));
        Assert.Equal(SandboxStatus.ToolFailed, overflows.Status);
        Assert.StartsWith("System.IO.IOException", overflows.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_paths_are_mounted_read_only_and_relative_ones_resolve_against_the_content_root()
    {
        string contentRoot = Directory.CreateTempSubdirectory("airlock-content-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(contentRoot, "data"));
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "data", "notes.txt"), "operator data");
            await using var harness = BubblewrapHarness.Create(options => options.ReadOnlyPaths["data"] = "/data", contentRoot);

            SandboxOutcome reading = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadFile), """{"path":"/data/notes.txt"}""");
            SandboxOutcome writing = await harness.RunAsync(
                typeof(HostileTools), nameof(HostileTools.WriteFile), """{"path":"/data/notes.txt","content":"changed"}""");

            Assert.Equal("operator data", BubblewrapHarness.Value(reading));
            Assert.Equal(SandboxStatus.ToolFailed, writing.Status);
            Assert.Equal("operator data", await File.ReadAllTextAsync(Path.Combine(contentRoot, "data", "notes.txt")));
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }
}

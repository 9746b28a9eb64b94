using System.Text.Json;
using AgentAirlock.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace AgentAirlock.IntegrationTests.Audit;

/// <summary>The sample with a Serilog file sink configured in <c>Airlock:Audit:Serilog</c>, writing to a folder of its own.</summary>
public sealed class SerilogSinkAuditSampleFactory : SampleFactory
{
    private readonly string _copies = Directory.CreateTempSubdirectory("airlock-audit-copy-").FullName;

    /// <summary>The file the configured sink writes: one line per record, the tool and the decision.</summary>
    internal string CopyPath => Path.Combine(_copies, "copy.txt");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // An application configuration source, as a settings file or environment variables are (the host settings the
        // factory's other settings use give every parent key an empty value, which Serilog reads as a sink's name).
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(SinkSettings));
    }

    private Dictionary<string, string?> SinkSettings => new()
    {
        ["Airlock:Audit:Serilog:Using:0"] = "Serilog.Sinks.File",
        ["Airlock:Audit:Serilog:WriteTo:0:Name"] = "File",
        ["Airlock:Audit:Serilog:WriteTo:0:Args:path"] = CopyPath,
        ["Airlock:Audit:Serilog:WriteTo:0:Args:outputTemplate"] = "{RequestId} {Tool} {Decision} {Redactions}{NewLine}",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Directory.Delete(_copies, recursive: true);
    }
}

/// <summary>
/// A sink configured in <c>Airlock:Audit:Serilog</c> receives every record as a Serilog event, and Airlock's own
/// hash-chained file keeps receiving the same records beside it.
/// </summary>
public sealed class AuditRecordsReachConfiguredSerilogSinksTests(SerilogSinkAuditSampleFactory factory) : IClassFixture<SerilogSinkAuditSampleFactory>
{
    [Fact]
    public async Task The_configured_sink_and_the_chained_file_both_record_the_call()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await factory.CreateClient().SendMcpAsync(McpHttp.ToolCall(id, "get_customer", """{"customer_id":42}"""));

        Blocks.AssertToolSucceeded(answer);
        JsonElement record = await AuditFiles.RecordOfAsync(factory.AuditDirectory, id);
        Assert.Equal("allowed", AuditFiles.String(record, "Decision"));
        Assert.True(AuditFiles.Verify(factory.AuditDirectory).Intact);

        string copy = await CopyLineOfAsync(id);
        Assert.StartsWith($"{id} get_customer allowed ", copy, StringComparison.Ordinal);
        Assert.Contains("(\"EMAIL\": 2)", copy, StringComparison.Ordinal);
    }

    /// <summary>The configured sink's line for a request id, once the sink has written it.</summary>
    private async Task<string> CopyLineOfAsync(string id)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (File.Exists(factory.CopyPath))
            {
                using var stream = new FileStream(factory.CopyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                string text = await reader.ReadToEndAsync();
                if (text.Split('\n').FirstOrDefault(line => line.StartsWith(id + " ", StringComparison.Ordinal)) is string line)
                {
                    return line;
                }
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"The configured sink wrote no record of request {id} to {factory.CopyPath}.");
    }
}

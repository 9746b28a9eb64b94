using AgentAirlock.IntegrationTests.Infrastructure;

namespace AgentAirlock.IntegrationTests.Sanitization;

/// <summary>
/// With Sanitizer:Arguments, a call whose arguments carry a secret is refused with the blocked answer (Block) or reaches
/// the tool with the secret masked (Mask); personal data in arguments is not a secret; off by default.
/// </summary>
public sealed class SecretsInArgumentsTests(LeakyToolsServers servers) : IClassFixture<LeakyToolsServers>
{
    private const string WithSecret = """{"text":"deploy with AKIAIOSFODNN7EXAMPLE please"}""";

    [Fact]
    public async Task Block_refuses_the_call_naming_the_argument_and_the_type_but_not_the_value()
    {
        int before = servers.BlockingArguments.Calls.All.Count;

        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.BlockingArguments, "leak_text", WithSecret);

        System.Text.Json.JsonElement block = Blocks.AssertBlocked(answer, "leak_text", "secret_in_arguments");
        Assert.Equal(["text"], Blocks.BlockedArguments(block));
        Assert.Contains("AWS_ACCESS_KEY_ID", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", answer.Body, StringComparison.Ordinal);
        Assert.Equal(before, servers.BlockingArguments.Calls.All.Count);
    }

    [Fact]
    public async Task Mask_lets_the_call_through_with_the_secret_masked()
    {
        string id = McpHttp.NewId();

        McpAnswer answer = await servers.MaskingArguments.Client.SendMcpAsync(McpHttp.ToolCall(id, "leak_text", WithSecret));

        Assert.Equal("deploy with AKIAIOS...MPLE please", Blocks.AssertToolSucceeded(answer));
        string received = System.Text.Encoding.UTF8.GetString(servers.MaskingArguments.BodiesReadBySdk[id]);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Block_refuses_a_value_passed_as_a_credential_named_argument()
    {
        // A password is a secret by its argument's name, whatever it looks like, as "password":"…" in text is.
        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.BlockingArguments, "sign_in", """{"user":"ada","password":"correct-horse"}""");

        System.Text.Json.JsonElement block = Blocks.AssertBlocked(answer, "sign_in", "secret_in_arguments");
        Assert.Equal(["password"], Blocks.BlockedArguments(block));
        Assert.DoesNotContain("correct-horse", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_token_is_not_a_credential()
    {
        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.MaskingArguments, "sign_in", """{"user":"ada","password":"correct-horse","page_token":"CAESBggBEAEYAQ"}""");

        Assert.Equal("signed in ada at page CAESBggBEAEYAQ", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task Personal_data_in_arguments_is_not_refused()
    {
        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.BlockingArguments, "leak_text", """{"text":"write to ada@example.com"}""");

        Assert.Equal("write to a***@example.com", Blocks.AssertToolSucceeded(answer));
    }

    [Fact]
    public async Task Arguments_are_not_scanned_by_default()
    {
        McpAnswer answer = await ResultsAreMaskedTests.CallAsync(servers.Defaults, "leak_text", WithSecret);

        Assert.Equal("deploy with AKIAIOS...MPLE please", Blocks.AssertToolSucceeded(answer));
    }
}

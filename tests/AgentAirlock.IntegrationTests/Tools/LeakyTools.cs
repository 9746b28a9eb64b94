using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.IntegrationTests.Tools;

/// <summary>A contact with nested personal data, for structured content.</summary>
public sealed record Contact(string Name, string Email, IReadOnlyList<string> Phones, ContactCard Card);

/// <summary>Nested below <see cref="Contact"/>.</summary>
public sealed record ContactCard(string Number, string Note);

/// <summary>
/// Tools whose results carry personal data and secrets (all synthetic: documentation ranges, test card numbers, fake
/// keys), for the sanitizer's tests.
/// </summary>
[McpServerToolType]
public sealed class LeakyTools
{
    /// <summary>Released by a test once it has seen the progress notification of <see cref="SlowLeak"/>.</summary>
    public static TaskCompletionSource ProgressSeen { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [McpServerTool(Name = "leak_text"), Description("Returns the text it is given.")]
    public static string LeakText(string text) => text;

    [McpServerTool(Name = "sign_in"), Description("Signs in to another service; a page token continues a listing.")]
    public static string SignIn(string user, string password, string? page_token = null) => $"signed in {user} at page {page_token ?? "1"}";

    [McpServerTool(Name = "leak_contact", UseStructuredContent = true), Description("Returns a contact record.")]
    public static Contact LeakContact() => new(
        "Ada",
        "ada.lovelace@example.com",
        ["+1 415-555-0132", "none"],
        new ContactCard("5555 5555 5555 4444", "card on file"));

    [McpServerTool(Name = "leak_resource"), Description("Returns an embedded text resource.")]
    public static CallToolResult LeakResource() => new()
    {
        Content =
        [
            new TextContentBlock { Text = "see the attached configuration" },
            new EmbeddedResourceBlock
            {
                Resource = new TextResourceContents
                {
                    Uri = "file:///config/app.env",
                    MimeType = "text/plain",
                    Text = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nREGION=eu-west-1\n",
                },
            },
        ],
    };

    /// <summary>One result object returned by every call of <see cref="LeakShared"/>.</summary>
    public static CallToolResult SharedResult { get; } = new()
    {
        Content = [new TextContentBlock { Text = "owner grace.hopper@example.com" }],
    };

    [McpServerTool(Name = "leak_shared"), Description("Returns the same result object every time.")]
    public static CallToolResult LeakShared() => SharedResult;

    [McpServerTool(Name = "leak_failure"), Description("Fails with a message that carries a connection string.")]
    public static string LeakFailure() =>
        throw new McpException("could not reach postgres://app:S3cretPassw0rd@db.example.com:5432/orders");

    [McpServerTool(Name = "slow_leak"), Description("Reports progress, waits for the test, then returns personal data.")]
    public static async Task<string> SlowLeak(IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        progress.Report(new ProgressNotificationValue { Progress = 1, Total = 2, Message = "halfway" });

        // The result is written only after the test has received the notification: a rewriter that buffered the whole
        // response would hold the notification back, and the call would time out.
        await ProgressSeen.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        return "done; contact grace.hopper@example.com";
    }
}

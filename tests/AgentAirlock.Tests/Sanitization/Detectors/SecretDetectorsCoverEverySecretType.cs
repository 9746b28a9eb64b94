using System.Text;
using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class SecretDetectorsCoverEverySecretType
{
    [Fact]
    public void Every_secret_type_has_a_detector()
    {
        SensitiveDataType[] secretTypes = Enum.GetValues<SensitiveDataType>()
            .Where(t => t >= SensitiveDataType.AwsAccessKeyId)
            .ToArray();

        SensitiveDataType[] covered = SecretDetectors.Create().SelectMany(d => d.Types).Distinct().Order().ToArray();

        Assert.Equal(secretTypes, covered);
    }

    [Fact]
    public void Together_they_find_each_value_of_a_configuration_once_with_one_type()
    {
        string text = Expand(
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
            + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
            + "GITHUB_TOKEN=ghp_{36}\n"
            + "SLACK=xoxb-{12}-{24} hook=https://hooks.slack.com/services/T{8}/B{8}/{24}\n"
            + "STRIPE=sk_live_{24} GOOGLE=AIza{35}\n"
            + "ANTHROPIC_API_KEY=sk-ant-api03-{40}\nOPENAI_API_KEY=sk-proj-{40}\n"
            + "ConnectionStrings__Db=Server=db;User Id=sa;Password=Passw0rd!;\n"
            + "DATABASE_URL=postgres://app:s3cr3tpw@db/app\n"
            + "DB_PASSWORD=hunter2hunter2\n"
            + "Authorization: Bearer abcdefgh12345678\n"
            + "-----BEGIN PRIVATE KEY-----\nMIIE{64}\n-----END PRIVATE KEY-----\n");
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var scanner = new SensitiveDataScanner(SecretDetectors.Create(), [], []);
        FindingList findings = scanner.CreateList();

        scanner.Scan(bytes, findings);

        Assert.Equal(
            [
                ("AKIAIOSFODNN7EXAMPLE", SensitiveDataType.AwsAccessKeyId),
                ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SensitiveDataType.AwsSecretAccessKey),
                (Expand("ghp_{36}"), SensitiveDataType.GitHubToken),
                (Expand("xoxb-{12}-{24}"), SensitiveDataType.SlackToken),
                (Expand("https://hooks.slack.com/services/T{8}/B{8}/{24}"), SensitiveDataType.SlackWebhook),
                (Expand("sk_live_{24}"), SensitiveDataType.StripeKey),
                (Expand("AIza{35}"), SensitiveDataType.GoogleApiKey),
                (Expand("sk-ant-api03-{40}"), SensitiveDataType.AnthropicKey),
                (Expand("sk-proj-{40}"), SensitiveDataType.OpenAIKey),
                ("Passw0rd!", SensitiveDataType.ConnectionString),
                ("s3cr3tpw", SensitiveDataType.ConnectionString),
                ("hunter2hunter2", SensitiveDataType.Password),
                ("abcdefgh12345678", SensitiveDataType.BearerToken),
                (Expand("-----BEGIN PRIVATE KEY-----\nMIIE{64}\n-----END PRIVATE KEY-----"), SensitiveDataType.PrivateKey),
            ],
            findings.Items.Select(f => (Encoding.UTF8.GetString(bytes, f.Start, f.Length), f.Type)).ToArray());
    }

    [Fact]
    public void A_json_service_account_key_is_masked_as_a_private_key()
    {
        string text = Expand("{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE{64}\\n-----END PRIVATE KEY-----\\n\", \"client_email\": \"x\"}");
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var scanner = new SensitiveDataScanner(SecretDetectors.Create(), [], []);
        FindingList findings = scanner.CreateList();

        scanner.Scan(bytes, findings);

        Finding finding = Assert.Single(findings.Items);
        Assert.Equal(SensitiveDataType.PrivateKey, finding.Type);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", Encoding.UTF8.GetString(bytes, finding.Start, finding.Length), StringComparison.Ordinal);
    }
}

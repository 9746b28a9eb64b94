using System.Text;
using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class CredentialAssignmentDetectorFindsValues
{
    private static readonly CredentialAssignmentDetector Detector = new();

    [Theory]
    [InlineData("password=hunter2hunter2", "hunter2hunter2")]
    [InlineData("DB_PASSWORD=hunter2hunter2\nNEXT=1", "hunter2hunter2")]
    [InlineData("{\"password\": \"hunter2hunter2\"}", "hunter2hunter2")]
    [InlineData("{\"password\":\"hunter2 hunter2\",\"user\":\"bob\"}", "hunter2 hunter2")]
    [InlineData("{\"password\": \"with \\\"escaped\\\" quotes\"}", "with \\\"escaped\\\" quotes")]
    [InlineData("userPassword: s3cr3t-value", "s3cr3t-value")]
    [InlineData("Password : fakefake", "fakefake")]
    [InlineData("api_key = 'abcdef123456'", "abcdef123456")]
    [InlineData("apiKey: abcdef123456", "abcdef123456")]
    [InlineData("https://x.example/?api-key=abcdef123456&x=1", "abcdef123456")]
    [InlineData("?access_token=abcdef123456&", "abcdef123456")]
    [InlineData("client_secret: \"abc,def123\"", "abc,def123")]
    [InlineData("private_key=abcdefgh;", "abcdefgh")]
    [InlineData("SECRET_KEY = 'django-insecure-abcdef'", "django-insecure-abcdef")]
    [InlineData("passwd:abcdef12", "abcdef12")]
    [InlineData("pwd=abcdef12", "abcdef12")]
    [InlineData("token := \"abcdef123456\"", "abcdef123456")]
    [InlineData("'password' => 'abcdef123456',", "abcdef123456")]
    [InlineData("\\\"password\\\": \\\"hunter2hunter2\\\"", "hunter2hunter2")]
    [InlineData("auth_token=abcdef123456 next", "abcdef123456")]
    [InlineData("--db-password=abcdef123456", "abcdef123456")]
    [InlineData("spring.datasource.password=abcdef123456", "abcdef123456")]
    [InlineData("<add key=\"ApiKey\" value=\"x\" /> ApiKey=\"abcdef123456\"", "abcdef123456")]
    [InlineData("secret: ${notareference", "${notareference")]
    [InlineData("SECRET=abc123!@#$%^*()", "abc123!@#$%^*()")]
    [InlineData("password=\"unterminated value", "unterminated")]
    [InlineData("access_token: Bearer abcdef123456", "abcdef123456")]
    [InlineData("auth_token=basic  dXNlcjpwYXNz", "dXNlcjpwYXNz")]
    [InlineData("token: \"Bearer abcdef123456\"", "Bearer abcdef123456")]
    [InlineData("api_key=sk-short-key", "sk-short-key")]
    [InlineData("token=ghp_tooshort", "ghp_tooshort")]
    [InlineData("token: bearerish-value", "bearerish-value")]
    [InlineData("password=Pass...word", "Pass...word")]
    [InlineData("password=skyhigh...1234", "skyhigh...1234")]
    [InlineData("log: [PASSWORD:Hunter2Secret99] user=bob", "Hunter2Secret99]")]
    [InlineData("DB_PASSWORD=[PROD_DB_PASS]", "[PROD_DB_PASS]")]
    [InlineData("passphrase=${P:-correct horse battery}", "correct horse battery")]
    [InlineData("api_key=${SECRET_KEY:}hunter2secret}", "${SECRET_KEY:}hunter2secret}")]
    public void The_value_of_a_credential_assignment_is_found_without_its_key(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.Password);

    [Theory]
    [InlineData("password=short")]
    [InlineData("password=null")]
    [InlineData("password: undefined")]
    [InlineData("\"password\": false")]
    [InlineData("password=********")]
    [InlineData("password: xxxxxxxx")]
    [InlineData("password=[REDACTED]")]
    [InlineData("password: [PASSWORD:1f3a9c2e]")]
    [InlineData("password: <your-password>")]
    [InlineData("password=${DB_PASSWORD}")]
    [InlineData("password=$DB_PASSWORD")]
    [InlineData("password: {{ vault_password }}")]
    [InlineData("password=%DB_PASSWORD%")]
    [InlineData("password = os.getenv(\"DB_PASSWORD\")")]
    [InlineData("PWD=/home/user/project")]
    [InlineData("password:\n  hunter2hunter2")]
    [InlineData("password=")]
    [InlineData("username=hunter2hunter2")]
    [InlineData("max_tokens: 1000000")]
    [InlineData("token_count: 1000000")]
    [InlineData("nextPageToken=CAESBggBEAEYAQ")]
    [InlineData("{\"next_page_token\": \"abcdef0123456789\"}")]
    [InlineData("continuationToken: abcdef123456")]
    [InlineData("idempotencyToken=4f1c2a9e-8b7d-4e21")]
    [InlineData("\"progressToken\":\"p-123456\"")]
    [InlineData("passwordless: enabled1")]
    [InlineData("Reset it at https://example.com/password/reset")]
    [InlineData("The time is 12:30 and x = y + 1")]
    [InlineData("Server=db;User Id=sa;Password=hunter2hunter2;")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("OPENAI_API_KEY=sk-proj-{40}")]
    [InlineData("ANTHROPIC_API_KEY=sk-ant-api03-{40}")]
    [InlineData("GITHUB_TOKEN=ghp_{36}")]
    [InlineData("SLACK_TOKEN=xoxb-{12}-{24}")]
    [InlineData("STRIPE_SECRET=sk_live_{24}")]
    [InlineData("GOOGLE_API_KEY=AIza{35}")]
    [InlineData("aws_access_key_token=AKIAIOSFODNN7EXAMPLE")]
    [InlineData("id_token=eyJhbGciOiJub25lIn0.e30.")]
    [InlineData("webhook_token=https://hooks.slack.com/services/T{8}/B{8}/{24}")]
    [InlineData("{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{64}\\n-----END PRIVATE KEY-----\\n\"}")]
    public void Placeholders_references_other_keys_and_self_identifying_keys_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Theory]
    [InlineData("password=${DB_PASSWORD:-hunter2secret}", "hunter2secret")]
    [InlineData("password=\"${DB_PASSWORD:=hunter2secret}\"", "hunter2secret")]
    [InlineData("{\"cmd\":\"password=\\\"${DB_PASSWORD:-hunter2secret}\\\" ./run\"}", "hunter2secret")]
    [InlineData("{\"password\":\"<set DB_PASSWORD=hunter2secret>\"}", "hunter2secret")]
    [InlineData("password: {{ default \"x\" | token=hunter2secret }}", "hunter2secret")]
    [InlineData("REDIS_PASSWORD=${REDIS_PASSWORD:-${REDIS_PASS:-r3disPassw0rd}}", "r3disPassw0rd")]
    [InlineData("password=${X:-hunter2secret}", "hunter2secret")]
    [InlineData("spring.datasource.password=${JDBC_PASS:hunter2secret}", "hunter2secret")]
    [InlineData("PASSWORD=${PASSWORD:-'hunter2secret'}", "hunter2secret")]
    [InlineData("export DB_PASSWORD=\"${DB_PASSWORD:-\"s3cretPass99\"}\"", "s3cretPass99")]
    [InlineData("sqlpackage /Action:Publish /TargetPassword:Hunter2Secret!", "Hunter2Secret!")]
    [InlineData("wmic /node:srv01 /user:admin /password:Hunter2Secret process list", "Hunter2Secret")]
    [InlineData("GET https://api.example.com/v1/accessToken=abc123def456ghi", "abc123def456ghi")]
    [InlineData("{\"pwd\":\"/srv/app; DB_PASSWORD=hunter2secret\"}", "hunter2secret")]
    [InlineData("PWD='~/app' DB_PASSWORD='hunter2secret'", "hunter2secret")]
    public void An_assignment_inside_a_value_that_is_not_reported_is_found(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.Password);

    [Theory]
    [InlineData("export API_TOKEN=\"${API_TOKEN:?API_TOKEN must be set}\"")]
    [InlineData("POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?required}")]
    [InlineData("FLAGS=${TOKEN:+--with-token-flag}")]
    [InlineData("password=\"${DB_PASSWORD:-$DEFAULT_DB_PASSWORD}\"")]
    [InlineData("client_secret: ${CLIENT_SECRET:-${OAUTH_CLIENT_SECRET}}")]
    [InlineData("API_KEY=${API_KEY:-${OPENAI_API_KEY:-}}")]
    [InlineData("secret=${SECRET:=$FALLBACK}")]
    [InlineData("password=\"$(get-secret --name=db --token=$VAULT_TOKEN)\"")]
    [InlineData("pwd=/home/alice/secret:/usr/local/bin")]
    [InlineData("FLAGS=${TOKEN:+--with-token-flag} X=${NAME:-default-name}")]
    [InlineData("Authorization: Bearer [BEARER_TOKEN:f61dcf4e] and [PASSWORD:1f3a9c2e]")]
    [InlineData("GITHUB_TOKEN=ghp_aBc...6789 OPENAI_API_KEY=sk-p... id_token=eyJhbGciOi...[JWT]")]
    public void References_defaults_and_paths_inside_a_value_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void A_value_found_inside_another_ends_where_that_value_ends()
    {
        // The inner value's quote closes only after the outer value: the GitHub token it claims does not hide what follows.
        var findings = Scan(Detector, "password=\"<set token='ghp_0123456789abcdefghijklmnopqrstuvwxyz>\" secret='hunter2secret'");

        Assert.Equal(["hunter2secret"], findings.Select(f => f.Value));
    }

    [Theory]
    [InlineData("password=\"${DB_PASSWORD:-hunter2secret}\"")]
    [InlineData("password: <set DB_PASSWORD=hunter2secret>")]
    [InlineData("{\"cmd\":\"password=\\\"${DB_PASSWORD:-hunter2secret}\\\" ./run\"}")]
    public void A_masked_inner_value_is_not_reported_again(string input)
    {
        string once = MaskAll(input, "[REDACTED]");

        Assert.DoesNotContain("hunter2secret", once, StringComparison.Ordinal);
        Assert.Empty(Scan(Detector, once));
        Assert.Empty(Scan(Detector, MaskAll(input, "[PASSWORD:1f3a9c2e]")));
    }

    private static string MaskAll(string input, string mask)
    {
        var findings = Scan(Detector, input);
        return Enumerable.Reverse(findings).Aggregate(input, (text, f) => text.Remove(f.Start, f.Value.Length).Insert(f.Start, mask));
    }

    [Fact]
    public void An_escaped_line_end_or_tab_in_json_text_ends_an_unquoted_value()
    {
        var findings = Scan(Detector, "{\"text\":\"DB_PASSWORD=hunter2secret99\\nAPI=1\\n\\tpassword: Tr0ub4dor3xyz\\r\\nX\"}");

        Assert.Equal(["hunter2secret99", "Tr0ub4dor3xyz"], findings.Select(f => f.Value));
    }

    [Fact]
    public void A_reported_value_is_not_read_again_for_the_assignments_it_holds()
    {
        var findings = Scan(Detector, "password=\"hunter2 token=abcdef123456\" secret=ssssssss");

        Assert.Equal(["hunter2 token=abcdef123456", "ssssssss"], findings.Select(f => f.Value));
    }

    [Theory]
    [InlineData("password=<>", 1)]
    [InlineData("token:<>", 1)]
    [InlineData("password=\"<password=<>\"", 0)]
    [InlineData("pwd='/'pwd='~", 0)]
    [InlineData("password: [PASSWORD:1f3a9c2e] ", 0)]
    [InlineData("password=${x:-y", 1)]
    [InlineData("password=[A]", 1)]
    public void Assignments_nested_in_values_are_searched_in_linear_time(string unit, int expected)
    {
        var (findings, elapsed) = DetectorHarness.Time(Detector, DetectorHarness.RepeatWhole(unit, 4 << 20));

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }

    [Theory]
    [InlineData("<token=", ">", 0)]
    [InlineData("${token:-", "}", 1)]
    public void Values_nested_without_end_are_searched_to_a_bounded_depth(string open, string close, int expected)
    {
        // Each level's value runs to the end of the text: searched at every level, 4 MiB would take hours. (A reference
        // longer than the brace matcher reads is no placeholder: it is reported whole.)
        int levels = (4 << 20) / (open.Length + close.Length);
        byte[] text = Encoding.ASCII.GetBytes("password=" + string.Concat(Enumerable.Repeat(open, levels)) + string.Concat(Enumerable.Repeat(close, levels)));

        var (findings, elapsed) = DetectorHarness.Time(Detector, text);

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }

    [Fact]
    public void Every_assignment_on_a_line_is_found()
    {
        var findings = Scan(Detector, "user=bob password=hunter2hunter2 token=abcdef123456 secret='s p a c e s'");

        Assert.Equal(["hunter2hunter2", "abcdef123456", "s p a c e s"], findings.Select(f => f.Value));
    }

    [Theory]
    [InlineData("password=", 1)]
    [InlineData("password=; ", 0)]
    [InlineData("password=\\", 1)]
    [InlineData(":", 0)]
    [InlineData("a:b@", 0)]
    [InlineData("Password=;", 0)]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit, int expected)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }
}

using System.Buffers;
using System.Text;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

/// <summary>
/// Text masked once and scanned again is left as it is, whatever the strategy: a sanitizer's own masks (labels, hashes,
/// abbreviated keys, the closing bytes of a placeholder) are not read as new values. A result that passes through two
/// sanitizers, or is fed back to a tool and returned, keeps one set of masks.
/// </summary>
public sealed class MaskingTwiceChangesNothing
{
    private static readonly TextSanitizer Sanitizer = new(SensitiveDataScanner.Default, new ValueMasker(new byte[32]), StrategyTable.Defaults);

    public static TheoryData<string, MaskingStrategy> Lines()
    {
        string[] lines =
        [
            "DATABASE_URL=postgres://app:Sup3rS3cretPw@db.internal:5432/app",
            "POSTGRES_PASSWORD=\"${DB_PASSWORD:-devPassw0rd123}\"",
            "REDIS_PASSWORD=${REDIS_PASSWORD:-${REDIS_PASS:-r3disPassw0rd}}",
            "ADMIN_PWD=/run/secrets/admin;ADMIN_PASSWORD=Adm1nPassw0rd!",
            "GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "STRIPE_SECRET_KEY=sk_live_51HxyzABCDEFghijklmnop0123456789",
            "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
            "curl -H \"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl\" https://api.example.com",
            "curl -H \"Authorization: Bearer abcDEF1234567890\" https://api.example.com",
            "{\"headers\": {\"Authorization\": \"Basic dXNlcjpwYXNzd29yZA==\"}, \"url\": \"mysql://root:J5onPassw0rd@db/app\"}",
            "Server=db;User Id=sa;Password=Adm1nPassw0rd!;",
            "{\"privateKey\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\"}",
            "{\"cmd\":\"password=\\\"${DB_PASSWORD:-hunter2secret}\\\" ./run\"}",
            "contact alice@example.com, SSN 123-45-6789, card 4111 1111 1111 1111",
            "{\"env\":\"DB_PASSWORD=${DB_PASSWORD:-hunter2 secret}\\tNEXT=1\"}",
            "{\"text\":\"{\\\"cfg\\\":\\\"token=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\\\\n\\\"}\"}",
            "GOOGLE_KEY=AIzaSyA-1234567890abcdefghijklmnop_-xyz",
        ];
        var data = new TheoryData<string, MaskingStrategy>();
        foreach (string line in lines)
        {
            foreach (MaskingStrategy strategy in Enum.GetValues<MaskingStrategy>())
            {
                data.Add(line, strategy);
            }
        }

        return data;
    }

    private static string Mask(string text, MaskingStrategy strategy)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        FindingList findings = SensitiveDataScanner.Default.CreateList();
        SensitiveDataScanner.Default.Scan(utf8, findings);
        var output = new ArrayBufferWriter<byte>();
        Sanitizer.WriteMasked(utf8, findings, Sanitizer.Strategies, strategy, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_masked_line_is_masked_no_further(string line, MaskingStrategy strategy)
    {
        string once = Mask(line, strategy);

        Assert.NotEqual(line, once);
        Assert.Equal(once, Mask(once, strategy));
    }
}

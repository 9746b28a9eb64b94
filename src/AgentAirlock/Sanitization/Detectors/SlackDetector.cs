using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>Slack tokens (<c>xoxb-</c>, <c>xoxp-</c>, <c>xapp-</c>, …) and incoming-webhook URLs, reported whole.</summary>
internal sealed class SlackDetector : IDetector
{
    private const int MinTokenBody = 10;

    private static readonly SearchValues<byte> WebhookPath = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_-"u8);

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.SlackToken, SensitiveDataType.SlackWebhook];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        FindTokens(text, findings);
        FindWebhooks(text, findings);
    }

    private static void FindTokens(ReadOnlySpan<byte> text, FindingList findings)
    {
        // Every prefix starts with 'x', a rare letter in prose.
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf((byte)'x');
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            position = start + 1;
            int prefix = PrefixLength(text[start..]);
            if (prefix == 0 || !SecretChars.StartsToken(text, start, SecretChars.Alnum) || start + prefix >= text.Length)
            {
                continue;
            }

            int end = SecretChars.RunEnd(text, start + prefix, SecretChars.AlnumDash);
            if (end - start - prefix >= MinTokenBody && SecretChars.EndsToken(text, end, SecretChars.Word))
            {
                findings.Add(start, end - start, SensitiveDataType.SlackToken);
            }

            position = end;
        }
    }

    private static int PrefixLength(ReadOnlySpan<byte> candidate)
    {
        if (candidate.Length >= 5 && candidate[4] == '-'
            && (candidate.StartsWith("xapp"u8)
                || (candidate.StartsWith("xox"u8) && candidate[3] is (byte)'b' or (byte)'p' or (byte)'a' or (byte)'r' or (byte)'s')))
        {
            return 5;
        }

        return candidate.StartsWith("xoxe.xoxp-"u8) ? 10 : candidate.StartsWith("xoxe-"u8) ? 5 : 0;
    }

    private static void FindWebhooks(ReadOnlySpan<byte> text, FindingList findings)
    {
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf("hooks.slack.com/"u8);
            if (found < 0)
            {
                return;
            }

            int host = position + found;
            position = host + 16;
            ReadOnlySpan<byte> path = text[position..];
            int kind = path.StartsWith("services/"u8) ? 9 : path.StartsWith("workflows/"u8) ? 10 : path.StartsWith("triggers/"u8) ? 9 : 0;
            if (kind == 0 || !SecretChars.StartsToken(text, host, SecretChars.AlnumDash) || position + kind >= text.Length)
            {
                continue;
            }

            int end = SecretChars.RunEnd(text, position + kind, WebhookPath);
            if (end == position + kind)
            {
                continue;
            }

            int start = host;
            if (host >= 8 && text.Slice(host - 8, 8).SequenceEqual("https://"u8))
            {
                start = host - 8;
            }
            else if (host >= 7 && text.Slice(host - 7, 7).SequenceEqual("http://"u8))
            {
                start = host - 7;
            }

            findings.Add(start, end - start, SensitiveDataType.SlackWebhook);
            position = end;
        }
    }
}

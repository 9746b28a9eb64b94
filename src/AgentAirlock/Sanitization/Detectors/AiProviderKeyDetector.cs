namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// API keys of AI providers: Anthropic (<c>sk-ant-…</c>) and OpenAI (<c>sk-proj-…</c>, <c>sk-svcacct-…</c>,
/// <c>sk-admin-…</c>, <c>sk-None-…</c>, and legacy <c>sk-</c> with 32 or more alphanumerics).
/// </summary>
internal sealed class AiProviderKeyDetector : IDetector
{
    private const int MinPrefixedBody = 20;
    private const int MinLegacyBody = 32;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.OpenAIKey, SensitiveDataType.AnthropicKey];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf("sk-"u8);
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            position = start + 3;
            if (!SecretChars.StartsToken(text, start, SecretChars.Base64Url))
            {
                continue;
            }

            ReadOnlySpan<byte> rest = text[position..];

            // Anthropic first: its prefix would otherwise pass for nothing, never for an OpenAI key.
            int prefix = rest.StartsWith("ant-"u8) ? 4
                : rest.StartsWith("proj-"u8) ? 5
                : rest.StartsWith("svcacct-"u8) ? 8
                : rest.StartsWith("admin-"u8) ? 6
                : rest.StartsWith("None-"u8) ? 5
                : 0;
            if (prefix > 0)
            {
                int bodyStart = position + prefix;
                int end = bodyStart < text.Length ? SecretChars.RunEnd(text, bodyStart, SecretChars.Base64Url) : bodyStart;
                if (end - bodyStart >= MinPrefixedBody)
                {
                    findings.Add(start, end - start, prefix == 4 ? SensitiveDataType.AnthropicKey : SensitiveDataType.OpenAIKey);
                }

                position = end;
            }
            else if (rest.Length > 0 && SecretChars.IsAlnum(rest[0]))
            {
                int end = SecretChars.RunEnd(text, position, SecretChars.Alnum);
                if (end - position >= MinLegacyBody && SecretChars.EndsToken(text, end, SecretChars.Base64Url))
                {
                    findings.Add(start, end - start, SensitiveDataType.OpenAIKey);
                }

                position = end;
            }
        }
    }
}

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// GitHub tokens: the classic prefixes (<c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c>) with 36 or more
/// alphanumerics, and fine-grained personal access tokens (<c>github_pat_…</c>).
/// </summary>
internal sealed class GitHubTokenDetector : IDetector
{
    private const int MinClassicBody = 36;
    private const int MaxClassicBody = 255;
    private const int MinFineGrainedBody = 50;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.GitHubToken];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        // Every prefix holds an underscore, which English prose almost never does: it is the anchor.
        int position = 0;
        while (position < text.Length)
        {
            int found = text[position..].IndexOf((byte)'_');
            if (found < 0)
            {
                return;
            }

            int underscore = position + found;
            position = underscore + 1;
            if (underscore >= 3 && text[underscore - 3] == 'g' && text[underscore - 2] == 'h'
                && text[underscore - 1] is (byte)'p' or (byte)'o' or (byte)'u' or (byte)'s' or (byte)'r'
                && SecretChars.StartsToken(text, underscore - 3, SecretChars.Alnum)
                && underscore + 1 < text.Length && SecretChars.IsAlnum(text[underscore + 1]))
            {
                int end = SecretChars.RunEnd(text, underscore + 1, SecretChars.Alnum);
                int body = end - underscore - 1;
                if (body is >= MinClassicBody and <= MaxClassicBody && SecretChars.EndsToken(text, end, SecretChars.Word))
                {
                    findings.Add(underscore - 3, end - underscore + 3, SensitiveDataType.GitHubToken);
                }

                position = end;
            }
            else if (underscore >= 6 && text.Slice(underscore - 6, 6).SequenceEqual("github"u8)
                && text[(underscore + 1)..].StartsWith("pat_"u8)
                && SecretChars.StartsToken(text, underscore - 6, SecretChars.Alnum))
            {
                int bodyStart = underscore + 5;
                int end = bodyStart < text.Length ? SecretChars.RunEnd(text, bodyStart, SecretChars.Word) : bodyStart;
                if (end - bodyStart >= MinFineGrainedBody)
                {
                    findings.Add(underscore - 6, end - underscore + 6, SensitiveDataType.GitHubToken);
                }

                position = end;
            }
        }
    }
}

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>Google API keys: <c>AIza</c> and exactly 35 base64url characters.</summary>
internal sealed class GoogleApiKeyDetector : IDetector
{
    private const int KeyLength = 39;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.GoogleApiKey];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        int position = 0;
        while (position <= text.Length - KeyLength)
        {
            int found = text[position..].IndexOf("AIza"u8);
            if (found < 0)
            {
                return;
            }

            int start = position + found;
            int end = SecretChars.RunEnd(text, start, SecretChars.Base64Url);
            if (end - start == KeyLength && SecretChars.StartsToken(text, start, SecretChars.Base64Url))
            {
                findings.Add(start, KeyLength, SensitiveDataType.GoogleApiKey);
            }

            // A longer run is one token, not a key followed by something: nothing inside it can start another key.
            position = end;
        }
    }
}

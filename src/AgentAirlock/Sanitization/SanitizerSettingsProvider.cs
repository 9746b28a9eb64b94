namespace AgentAirlock.Sanitization;

/// <summary>The compiled sanitizer settings of the options in force, compiled once per version of the options.</summary>
internal sealed class SanitizerSettingsProvider
{
    // Drawn once per process, so that hash tokens stay stable across reloads when no key is configured.
    private readonly byte[] _fallbackHashKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private volatile SanitizerSettings? _current;

    public SanitizerSettings For(SanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SanitizerSettings? current = _current;
        if (current is not null && ReferenceEquals(current.Options, options))
        {
            return current;
        }

        current = new SanitizerSettings(options, _fallbackHashKey);
        _current = current;
        return current;
    }
}

using AgentAirlock.Sanitization;
using Microsoft.Extensions.Configuration;

namespace AgentAirlock.Cli;

/// <summary>Reads the sanitizer options from an appsettings.json, as the middleware binds them.</summary>
internal static class SanitizerConfiguration
{
    public const string SectionName = "Airlock:Sanitizer";

    private const int MinHashKeyBytes = 16;

    /// <summary>Binds <c>Airlock:Sanitizer</c> of <paramref name="path"/> into <paramref name="options"/>, or says why it cannot.</summary>
    public static bool TryLoad(string path, SanitizerOptions options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        IConfigurationSection section;
        try
        {
            IConfigurationRoot root = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false)
                .Build();
            section = root.GetSection(SectionName);
            error = CheckEnums(section);
            if (error is null)
            {
                section.Bind(options);
                error = CheckHashKey(options.HashKey);
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or FormatException
            or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            // Unparsable JSON says only "failed to load" on the outside; the position is in the inner exception.
            error = exception is FileNotFoundException ? "no such file."
                : exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}"
                : exception.Message;
        }

        if (error is not null)
        {
            error = $"{path}: {error}";
        }

        return error is null;
    }

    /// <summary>
    /// The binder silently drops a list item or dictionary entry whose enum does not parse, so a typo such as
    /// <c>"Email": "Ful"</c> would leave the default in place unnoticed; and it accepts any number, which is no type.
    /// </summary>
    private static string? CheckEnums(IConfigurationSection section)
    {
        foreach (IConfigurationSection item in section.GetSection("DisabledTypes").GetChildren())
        {
            if (!IsName<SensitiveDataType>(item.Value))
            {
                return $"{item.Path} is '{item.Value}', which is not a type ({Names<SensitiveDataType>()}).";
            }
        }

        foreach (IConfigurationSection entry in section.GetSection("Strategies").GetChildren())
        {
            if (!IsName<SensitiveDataType>(entry.Key))
            {
                return $"{entry.Path} names no type ({Names<SensitiveDataType>()}).";
            }

            if (!IsName<MaskingStrategy>(entry.Value))
            {
                return $"{entry.Path} is '{entry.Value}', which is not a strategy ({Names<MaskingStrategy>()}).";
            }
        }

        return null;
    }

    private static string? CheckHashKey(string? hashKey)
    {
        if (string.IsNullOrWhiteSpace(hashKey))
        {
            return null;
        }

        // Only the key's length is ever shown, never the key. A heap buffer: the length comes from the file.
        byte[] bytes = new byte[hashKey.Length];
        if (!Convert.TryFromBase64String(hashKey.Trim(), bytes, out int length))
        {
            return $"{SectionName}:HashKey must be base64.";
        }

        return length < MinHashKeyBytes ? $"{SectionName}:HashKey must hold at least {MinHashKeyBytes} bytes; it holds {length}." : null;
    }

    private static bool IsName<TEnum>(string? value)
        where TEnum : struct, Enum =>
        value is not null && Enum.GetNames<TEnum>().Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);

    private static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());
}

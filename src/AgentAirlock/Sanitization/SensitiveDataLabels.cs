using System.Text;

namespace AgentAirlock.Sanitization;

/// <summary>The upper-snake-case label of each type, as masks (<c>[EMAIL]</c>) and reports show it.</summary>
internal static class SensitiveDataLabels
{
    private static readonly string[] Labels = BuildLabels();
    private static readonly byte[][] Utf8Labels = Labels.Select(Encoding.UTF8.GetBytes).ToArray();

    public static string Of(SensitiveDataType type) => Labels[(int)type];

    public static ReadOnlySpan<byte> Utf8Of(SensitiveDataType type) => Utf8Labels[(int)type];

    /// <summary>Whether <paramref name="name"/> is the label of a type.</summary>
    public static bool IsLabel(ReadOnlySpan<byte> name)
    {
        foreach (byte[] label in Utf8Labels)
        {
            if (name.SequenceEqual(label))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] BuildLabels()
    {
        SensitiveDataType[] types = Enum.GetValues<SensitiveDataType>();
        var labels = new string[types.Length];
        foreach (SensitiveDataType type in types)
        {
            labels[(int)type] = type switch
            {
                SensitiveDataType.PaymentCard => "CREDIT_CARD",
                SensitiveDataType.IpAddress => "IP_ADDRESS",
                SensitiveDataType.AwsAccessKeyId => "AWS_ACCESS_KEY_ID",
                SensitiveDataType.AwsSecretAccessKey => "AWS_SECRET_ACCESS_KEY",
                SensitiveDataType.GitHubToken => "GITHUB_TOKEN",
                SensitiveDataType.OpenAIKey => "OPENAI_KEY",
                _ => ToSnakeCase(type.ToString()),
            };
        }

        return labels;
    }

    private static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}

using System.Text;

namespace AgentAirlock.Validation;

/// <summary>
/// Translates a JSON Schema <c>pattern</c> (an ECMA-262 regular expression) into a .NET pattern with the same
/// meaning where the two dialects differ in ways that matter for security: .NET's <c>$</c> also matches before a
/// final newline (so <c>^[a-z]+$</c> would accept <c>"admin\n"</c>), and its <c>\d</c> and <c>\w</c> match every
/// Unicode digit and letter, where ECMA-262 means ASCII.
/// </summary>
internal static class EcmaPattern
{
    public static string ToDotNet(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var result = new StringBuilder(pattern.Length + 16);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[++i];
                result.Append((next, inClass) switch
                {
                    ('d', false) => "[0-9]",
                    ('D', false) => "[^0-9]",
                    ('w', false) => "[a-zA-Z0-9_]",
                    ('W', false) => "[^a-zA-Z0-9_]",
                    ('d', true) => "0-9",
                    ('w', true) => "a-zA-Z0-9_",
                    _ => string.Concat("\\", next.ToString()),
                });
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                // ECMA-262 reads "[]" as a class that matches nothing and "[^]" as one that matches anything;
                // .NET would read the ']' as a member.
                if (pattern.AsSpan(i).StartsWith("[]", StringComparison.Ordinal))
                {
                    result.Append("(?!)");
                    i++;
                    continue;
                }

                if (pattern.AsSpan(i).StartsWith("[^]", StringComparison.Ordinal))
                {
                    result.Append("[\\s\\S]");
                    i += 2;
                    continue;
                }

                inClass = true;
            }
            else if (c == '$')
            {
                result.Append("\\z");
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}

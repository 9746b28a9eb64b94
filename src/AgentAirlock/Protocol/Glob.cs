namespace AgentAirlock.Protocol;

/// <summary>
/// A compiled tool-name glob: <c>*</c> any run of characters, <c>?</c> one character, <c>[abc]</c>, <c>[a-z]</c> and
/// <c>[!abc]</c> one character of (or not of) a set. Matching is ordinal and case-sensitive, in time linear in the
/// product of the two lengths at worst, without allocating.
/// </summary>
internal sealed class Glob
{
    private readonly Token[] _tokens;

    private Glob(string pattern, Token[] tokens)
    {
        Pattern = pattern;
        _tokens = tokens;
        IsMatchAll = tokens is [{ Kind: TokenKind.Star }];
    }

    public string Pattern { get; }

    public bool IsMatchAll { get; }

    /// <summary>Parses a glob, or returns the reason it is not one.</summary>
    public static Glob? TryParse(string? pattern, out string? error)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            error = "a glob may not be empty";
            return null;
        }

        var tokens = new List<Token>();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                    {
                        tokens.Add(new Token(TokenKind.Star, default, null, false));
                    }

                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.Any, default, null, false));
                    break;
                case '[':
                    int close = pattern.IndexOf(']', i + 2 <= pattern.Length ? i + 2 : pattern.Length);
                    if (close < 0)
                    {
                        error = $"'[' at position {i + 1} has no closing ']'";
                        return null;
                    }

                    string body = pattern[(i + 1)..close];
                    bool negated = body.StartsWith('!') || body.StartsWith('^');
                    if (negated)
                    {
                        body = body[1..];
                    }

                    if (body.Length == 0)
                    {
                        error = $"the set at position {i + 1} is empty";
                        return null;
                    }

                    if (!TryParseSet(body, out (char Low, char High)[] ranges, out error))
                    {
                        return null;
                    }

                    tokens.Add(new Token(TokenKind.Set, default, ranges, negated));
                    i = close;
                    break;
                case ']':
                    error = $"']' at position {i + 1} has no opening '['";
                    return null;
                default:
                    tokens.Add(new Token(TokenKind.Literal, c, null, false));
                    break;
            }
        }

        error = null;
        return new Glob(pattern, [.. tokens]);
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        // Greedy matching with a single backtrack point per star: linear in practice, quadratic at worst.
        int t = 0, g = 0, starG = -1, starT = 0;
        Token[] tokens = _tokens;
        while (t < text.Length)
        {
            if (g < tokens.Length && tokens[g].Kind != TokenKind.Star && tokens[g].Matches(text[t]))
            {
                t++;
                g++;
            }
            else if (g < tokens.Length && tokens[g].Kind == TokenKind.Star)
            {
                starG = g++;
                starT = t;
            }
            else if (starG >= 0)
            {
                g = starG + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (g < tokens.Length && tokens[g].Kind == TokenKind.Star)
        {
            g++;
        }

        return g == tokens.Length;
    }

    public override string ToString() => Pattern;

    private static bool TryParseSet(string body, out (char Low, char High)[] ranges, out string? error)
    {
        var list = new List<(char, char)>();
        for (int i = 0; i < body.Length; i++)
        {
            if (i + 2 < body.Length && body[i + 1] == '-')
            {
                if (body[i + 2] < body[i])
                {
                    ranges = [];
                    error = $"the range '{body[i]}-{body[i + 2]}' runs backwards";
                    return false;
                }

                list.Add((body[i], body[i + 2]));
                i += 2;
            }
            else
            {
                list.Add((body[i], body[i]));
            }
        }

        ranges = [.. list];
        error = null;
        return true;
    }

    private enum TokenKind
    {
        Literal,
        Any,
        Star,
        Set,
    }

    private readonly record struct Token(TokenKind Kind, char Literal, (char Low, char High)[]? Ranges, bool Negated)
    {
        public bool Matches(char c)
        {
            switch (Kind)
            {
                case TokenKind.Literal:
                    return c == Literal;
                case TokenKind.Any:
                    return true;
                default:
                    bool inSet = false;
                    foreach ((char low, char high) in Ranges!)
                    {
                        if (c >= low && c <= high)
                        {
                            inSet = true;
                            break;
                        }
                    }

                    return inSet != Negated;
            }
        }
    }
}

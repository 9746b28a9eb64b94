using System.Buffers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// The value of an assignment to a credential-named key: <c>password=…</c>, <c>DB_PASSWORD: …</c>,
/// <c>"client_secret": "…"</c>, <c>apiKey = '…'</c>. Only the value is reported; placeholders and references to other
/// variables are not.
/// </summary>
internal sealed class CredentialAssignmentDetector : IDetector
{
    private const int MinValue = 6;
    private const int KeyTail = 24;

    /// <summary>How far back a key is read for its letters: a long run of separators cannot make each read long.</summary>
    private const int MaxKeyScan = 128;

    private static readonly SearchValues<byte> UnquotedEnd = SearchValues.Create(" \t\r\n\f\v\"',;&"u8);

    // The detectors of self-identifying keys. A value one of them recognises (OPENAI_API_KEY=sk-proj-…) is left to it:
    // reported twice over the same bytes, the merge would keep either type at random.
    private static readonly IDetector[] Specific =
    [
        new AwsKeyDetector(), new GitHubTokenDetector(), new SlackDetector(), new StripeKeyDetector(),
        new GoogleApiKeyDetector(), new AiProviderKeyDetector(), new JwtDetector(), new PrivateKeyDetector(),
    ];

    // The first bytes of their prefixes: ghp_/github_pat_, xox/xapp, sk_/sk-/rk_, AKIA/AIza, eyJ, -----BEGIN, https://hooks.
    private static readonly SearchValues<byte> SpecificFirstBytes = SearchValues.Create("ghxsrAe-"u8);

    [ThreadStatic]
    private static FindingList? t_specific;

    public IReadOnlyList<SensitiveDataType> Types { get; } = [SensitiveDataType.Password];

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        // The assignment bytes are rare in prose, and looking back from one for a key is cheaper than searching a
        // dozen case-insensitive keywords forward.
        Span<byte> tail = stackalloc byte[KeyTail];
        var enclosing = new EnclosingValues(stackalloc int[EnclosingValues.MaxDepth]);
        int position = 0;
        while (position < text.Length)
        {
            int found = SecretChars.IndexOfAssignment(text, position);
            if (found < 0)
            {
                return;
            }

            int assign = position + found;
            position = assign + 1;
            int limit = enclosing.LimitAt(assign, text.Length);

            if (!SecretChars.TryKeyBefore(text, assign, out int keyStart, out int keyEnd))
            {
                continue;
            }

            // A sanitizer's mask is not an assignment: [PASSWORD:1f3a9c2e], [BEARER_TOKEN:f61dcf4e] after "Bearer ".
            if (keyStart > 0 && text[keyStart - 1] == '[' && TryMaskLabelEnd(text, keyStart - 1, assign, out int labelEnd))
            {
                position = labelEnd;
                continue;
            }

            // Inside a credential's value, the default of a reference is that credential whatever the reference's name:
            // password=${DB_PASSWORD:-${FALLBACK:-hunter2secret}}, spring.datasource.password=${JDBC_PASS:hunter2secret}.
            bool inReference = keyStart >= 2 && text[keyStart - 2] == '$' && text[keyStart - 1] == '{';
            ReadOnlySpan<byte> key = NormalizedTail(text[keyStart..keyEnd], tail);
            if (!IsCredentialName(key) && !(inReference && enclosing.Depth > 0))
            {
                continue;
            }

            // ADO.NET "Password=" belongs to the connection-string detector, with its own value rules.
            if (text[assign] == '=' && (key.EndsWith("password"u8) || key.EndsWith("pwd"u8))
                && ConnectionStringDetector.TryAdoPassword(text, assign, out _, out int adoEnd))
            {
                position = Math.Max(position, Math.Min(adoEnd, limit));
                continue;
            }

            // In a reference, ${NAME:-default}, ${NAME:=default} and Spring's ${NAME:default} give a default, the value to
            // judge; ${NAME:?message} and ${NAME:+alternative} give none.
            int operatorEnd = assign;
            if (inReference && text[assign] == ':' && assign + 1 < limit)
            {
                if (text[assign + 1] is (byte)'?' or (byte)'+')
                {
                    continue;
                }

                operatorEnd = text[assign + 1] == '-' ? assign + 1 : assign;
            }

            int valueStart = SecretChars.ValueStart(text, operatorEnd, out byte quote);
            if (valueStart >= limit)
            {
                continue;
            }

            // A quote that does not close inside the enclosing value does not delimit this one.
            int valueEnd = quote != 0 ? QuotedEnd(text, valueStart, quote, text[valueStart - 2] == '\\') : -1;
            bool unquoted = valueEnd < 0 || valueEnd > limit;
            if (unquoted)
            {
                valueStart = SkipScheme(text, valueStart);
                valueEnd = Math.Max(valueStart, Math.Min(UnquotedValueEnd(text, valueStart), limit));
            }

            if (inReference)
            {
                // An unquoted default runs to its reference's closing brace, spaces included: ${P:-correct horse battery}.
                int referenceEnd = unquoted ? ReferenceEnd(text, keyStart - 2) : keyStart;
                valueEnd = referenceEnd > keyStart
                    ? Math.Max(valueStart, Math.Min(referenceEnd - 1, limit))
                    : WithoutClosingBraces(text, valueStart, valueEnd);
            }
            else
            {
                // A reference holds its quotes and spaces: ${DB_PASSWORD:-'hunter2secret'} is one value.
                valueEnd = Math.Max(valueEnd, Math.Min(ReferenceEnd(text, valueStart), limit));
            }

            ReadOnlySpan<byte> value = text[valueStart..valueEnd];
            bool passed = AwsKeyDetector.IsSecretAccessKey(text, keyStart, keyEnd, valueStart, valueEnd);

            // A key right after a slash and holding a path is a piece of a list of paths: /home/alice/secret:/usr/bin.
            bool pathSegment = keyStart > 0 && text[keyStart - 1] == '/' && value.Length > 0 && value[0] is (byte)'/' or (byte)'~';
            bool reported = !passed && !pathSegment && IsCredentialValue(key, value, out passed);

            // A reference, a template, a path or a short value is not a secret itself, but may hold an assignment that
            // is one: "${DB_PASSWORD:-hunter2secret}", "/srv/app; DB_PASSWORD=hunter2secret". The search goes on inside
            // it, and what it finds there ends where the value's content ends.
            if (!reported && !passed && enclosing.TryEnter(valueStart, valueEnd, text))
            {
                continue;
            }

            // A value reported here or by another detector, or a mask, is not read again.
            position = Math.Max(position, valueEnd);
            if (reported)
            {
                findings.Add(valueStart, value.Length, SensitiveDataType.Password);
            }
        }
    }

    /// <summary>
    /// Whether a whole string of structured data is a credential by the name of the field that holds it
    /// (<c>{"password": "…"}</c>), by the rules of a quoted assignment: scanned alone, the value has no key before it,
    /// which the same pair written as text (<c>"password":"…"</c>) has. <paramref name="type"/> is
    /// <see cref="SensitiveDataType.AwsSecretAccessKey"/> for an AWS secret key under a name the AWS detector reads as
    /// its key in text, which need not end like a credential's (<c>aws_secret_access_key_id</c>).
    /// </summary>
    public static bool IsCredentialField(ReadOnlySpan<byte> fieldName, ReadOnlySpan<byte> value, out SensitiveDataType type)
    {
        type = SensitiveDataType.Password;

        // Most strings are too short to be reported: their field's name is not read.
        if (value.Length < MinValue || fieldName.IsEmpty)
        {
            return false;
        }

        if (IsAwsSecretAccessKey(fieldName, value))
        {
            type = SensitiveDataType.AwsSecretAccessKey;
            return true;
        }

        Span<byte> tail = stackalloc byte[KeyTail];
        ReadOnlySpan<byte> key = NormalizedTail(fieldName, tail);
        return IsCredentialName(key) && IsCredentialValue(key, value, out _);
    }

    /// <summary>The AWS detector's test of a secret access key, given the pair as the text <c>name:value</c> it reads.</summary>
    private static bool IsAwsSecretAccessKey(ReadOnlySpan<byte> fieldName, ReadOnlySpan<byte> value)
    {
        // Only the end of a name counts there, and a secret access key has one length: the pair fits on the stack.
        if (value.Length != AwsKeyDetector.SecretLength)
        {
            return false;
        }

        Span<byte> pair = stackalloc byte[AwsKeyDetector.KeyNameWindow + 1 + AwsKeyDetector.SecretLength];
        int valueStart = FieldPair.Write(fieldName, AwsKeyDetector.KeyNameWindow, ":"u8, value, pair);
        return AwsKeyDetector.IsSecretAccessKey(pair[..(valueStart + value.Length)], 0, valueStart - 1, valueStart, valueStart + value.Length);
    }

    /// <summary>
    /// Whether the value of a credential-named key is reported: long enough, not a mask, a placeholder or a path
    /// (<c>PWD=/home</c>), and not a key of its own kind, which its detector reports. <paramref name="passed"/> is set for
    /// a value that is not reported and holds nothing to search for: a mask, or a key another detector reports.
    /// </summary>
    private static bool IsCredentialValue(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, out bool passed)
    {
        passed = false;
        if (value.Length < MinValue)
        {
            return false;
        }

        if (IsLiteralOrMask(value))
        {
            passed = true;
            return false;
        }

        if (IsPlaceholder(value) || (key.SequenceEqual("pwd"u8) && value[0] is (byte)'/' or (byte)'~'))
        {
            return false;
        }

        passed = IsClaimedBySpecificDetector(value);
        return !passed;
    }

    /// <summary>In <c>token: Bearer abc…</c> the value is the credential, not the scheme word before it.</summary>
    private static int SkipScheme(ReadOnlySpan<byte> text, int valueStart)
    {
        int length = SecretChars.EqualsLower(text, valueStart, "bearer"u8) ? 6 : SecretChars.EqualsLower(text, valueStart, "basic"u8) ? 5 : 0;
        int i = valueStart + length;
        if (length == 0 || i >= text.Length || !SecretChars.IsSpace(text[i]))
        {
            return valueStart;
        }

        while (i < text.Length && SecretChars.IsSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsClaimedBySpecificDetector(ReadOnlySpan<byte> value)
    {
        if (!SpecificFirstBytes.Contains(value[0]) && !value.StartsWith("http"u8))
        {
            return false;
        }

        FindingList findings = t_specific ??= FindingList.AcceptingAll();
        foreach (IDetector detector in Specific)
        {
            findings.Clear();
            detector.Detect(value, findings);
            for (int i = 0; i < findings.Count; i++)
            {
                if (findings[i].Start == 0)
                {
                    findings.Clear();
                    return true;
                }
            }
        }

        findings.Clear();
        return false;
    }

    /// <summary>The last letters and digits of a key, lower-cased: DB_PASSWORD, userPassword and api-key compare as one.</summary>
    private static ReadOnlySpan<byte> NormalizedTail(ReadOnlySpan<byte> key, Span<byte> tail)
    {
        int length = 0;
        for (int i = key.Length - 1; i >= Math.Max(0, key.Length - MaxKeyScan) && length < tail.Length; i--)
        {
            byte b = key[i];
            if (SecretChars.IsAlnum(b))
            {
                tail[tail.Length - 1 - length++] = SecretChars.IsLetter(b) ? (byte)(b | 0x20) : b;
            }
        }

        return tail[(tail.Length - length)..];
    }

    private static bool IsCredentialName(ReadOnlySpan<byte> key) =>
        (key.EndsWith("password"u8) || key.EndsWith("passwd"u8) || key.EndsWith("pwd"u8) || key.EndsWith("passphrase"u8)
            || key.EndsWith("secret"u8) || key.EndsWith("secretkey"u8) || key.EndsWith("secretaccesskey"u8) || key.EndsWith("token"u8)
            || key.EndsWith("apikey"u8) || key.EndsWith("privatekey"u8))
        && !IsCursorName(key);

    /// <summary>
    /// Names that end like a credential's and are not one: cursors and request identifiers that agents must be able to
    /// read and send back (a page token masked in a result, or refused in a call, breaks paging).
    /// </summary>
    private static bool IsCursorName(ReadOnlySpan<byte> key) =>
        key.EndsWith("pagetoken"u8) || key.EndsWith("nexttoken"u8) || key.EndsWith("continuationtoken"u8) || key.EndsWith("cursortoken"u8)
        || key.EndsWith("synctoken"u8) || key.EndsWith("resumetoken"u8) || key.EndsWith("idempotencytoken"u8) || key.EndsWith("progresstoken"u8);

    /// <summary>
    /// The end of a quoted value: the next unescaped quote on the line, or a JSON-escaped <c>\"</c> when the value was
    /// opened by one. -1 when the line has no closing quote (the value is then read as unquoted).
    /// </summary>
    private static int QuotedEnd(ReadOnlySpan<byte> text, int valueStart, byte quote, bool escapedOpen)
    {
        int i = valueStart;
        while (i < text.Length)
        {
            int found = text[i..].IndexOfAny(quote, (byte)'\n', (byte)'\r');
            if (found < 0 || text[i + found] != quote)
            {
                return -1;
            }

            int closing = i + found;
            if (closing > valueStart && text[closing - 1] == '\\')
            {
                if (escapedOpen)
                {
                    return closing - 1;
                }

                i = closing + 1;
                continue;
            }

            return closing;
        }

        return -1;
    }

    /// <summary>
    /// Values that stand for a secret and hold nothing: literals and the masks of a sanitizer (<c>********</c>,
    /// <c>[PASSWORD:1f3a9c2e]</c>, whose hash would otherwise read as the value of a <c>PASSWORD:</c> key,
    /// <c>ghp_aBc...6789</c>).
    /// </summary>
    private static bool IsLiteralOrMask(ReadOnlySpan<byte> value) =>
        value.IndexOfAnyExcept((byte)'*') < 0 || value.IndexOfAnyExcept((byte)'x', (byte)'X') < 0

        // null, true, false and none are shorter than any reported value already.
        || (value.Length == 9 && SecretChars.EqualsLower(value, 0, "undefined"u8))
        || SecretChars.IsMask(WithoutEscapedLineEnds(value));

    /// <summary>The value without the escaped line ends a masked block keeps after it in JSON text (<c>[REDACTED]\n</c>).</summary>
    private static ReadOnlySpan<byte> WithoutEscapedLineEnds(ReadOnlySpan<byte> value)
    {
        while (value.Length > 2 && value[^2] == '\\' && value[^1] is (byte)'n' or (byte)'r')
        {
            value = value[..^2];
        }

        return value;
    }

    /// <summary>Values that stand for a secret without being one: placeholders, templates, variable references.</summary>
    private static bool IsPlaceholder(ReadOnlySpan<byte> value)
    {
        byte first = value[0];
        byte last = value[^1];
        return (first == '<' && last == '>')
            || (first == '{' && value.StartsWith("{{"u8) && value.EndsWith("}}"u8))
            || (first == '%' && last == '%')
            || (first == '$' && IsReference(value))
            || last == '(';
    }

    /// <summary>The end of the mask label that opens at <paramref name="open"/> with its name's colon at <paramref name="colon"/>.</summary>
    private static bool TryMaskLabelEnd(ReadOnlySpan<byte> text, int open, int colon, out int end)
    {
        // A label's hash is eight hexadecimal digits: its closing bracket is near.
        const int LongestHash = 16;
        ReadOnlySpan<byte> window = text[colon..Math.Min(text.Length, colon + LongestHash + 2)];
        int close = window.IndexOf((byte)']');
        end = colon + close + 1;
        return close > 0 && SecretChars.IsMaskLabel(text[open..end]);
    }

    /// <summary>
    /// The end of an unquoted value: a space, a quote or a separator, or in JSON text an escaped line end, tab or quote
    /// (<c>\n</c>, <c>\\n</c> in JSON nested in a string), which ends it as the byte it stands for would.
    /// </summary>
    private static int UnquotedValueEnd(ReadOnlySpan<byte> text, int valueStart)
    {
        int length = text[valueStart..].IndexOfAny(UnquotedEnd);
        int end = length < 0 ? text.Length : valueStart + length;
        int position = valueStart;
        while (position < end)
        {
            int found = text[position..end].IndexOf((byte)'\\');
            if (found < 0)
            {
                break;
            }

            int backslashes = position + found;
            int escaped = backslashes;
            while (escaped < text.Length && text[escaped] == '\\')
            {
                escaped++;
            }

            if (escaped < text.Length && text[escaped] is (byte)'n' or (byte)'r' or (byte)'t' or (byte)'"')
            {
                return backslashes;
            }

            position = escaped;
        }

        return end;
    }

    /// <summary>
    /// The end of a reference's default without the braces that close the reference (<c>hunter2secret}</c>,
    /// <c>${DEFAULT_TOKEN}}</c>): those a brace of the value does not open.
    /// </summary>
    private static int WithoutClosingBraces(ReadOnlySpan<byte> text, int valueStart, int valueEnd)
    {
        ReadOnlySpan<byte> value = text[valueStart..valueEnd];
        int unmatched = value.Count((byte)'}') - value.Count((byte)'{');
        while (unmatched-- > 0 && valueEnd > valueStart && text[valueEnd - 1] == '}')
        {
            valueEnd--;
        }

        return valueEnd;
    }

    /// <summary>
    /// The end of the reference <c>${…}</c> that starts at <paramref name="start"/>, after its closing brace, when it
    /// closes on its line within a bounded length; otherwise <paramref name="start"/>.
    /// </summary>
    private static int ReferenceEnd(ReadOnlySpan<byte> text, int start)
    {
        const int LongestReference = 256;
        if (start + 1 >= text.Length || text[start] != '$' || text[start + 1] != '{')
        {
            return start;
        }

        // From one closing brace to the next, the opening ones between are counted at once.
        ReadOnlySpan<byte> window = text[start..Math.Min(text.Length, start + LongestReference)];
        int depth = 0;
        int position = 0;
        while (true)
        {
            int found = window[position..].IndexOfAny((byte)'}', (byte)'\n');
            if (found < 0)
            {
                return start;
            }

            int at = position + found;
            depth += window[position..at].Count((byte)'{') - 1;
            if (window[at] == '\n' || depth < 0)
            {
                return start;
            }

            if (depth == 0)
            {
                return start + at + 1;
            }

            position = at + 1;
        }
    }

    /// <summary>
    /// $VAR, ${VAR}, ${VAR:-default}, $(command): the whole value. A brace closed before the end leaves text after the
    /// reference (<c>${SECRET_KEY:}hunter2secret}</c>), which is a value of its own.
    /// </summary>
    private static bool IsReference(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> rest = value[1..];
        if (rest.Length == 0)
        {
            return false;
        }

        return rest[0] switch
        {
            (byte)'{' => ReferenceEnd(value, 0) == value.Length,
            (byte)'(' => rest[^1] == ')',
            _ => !rest.ContainsAnyExcept(SecretChars.Word),
        };
    }

    /// <summary>
    /// The values the search is inside, innermost last, each with the end of its content (before the closing brace of
    /// <c>${…}</c>, the bracket of <c>&lt;…&gt;</c>, …): a value found inside one ends there at the latest, so that it
    /// neither takes the closing bytes nor reaches past the value into the text after it. This also keeps the search
    /// linear: an unquoted value runs to the next space, quote or separator, and the values inside it each run to its
    /// content's end, so a stretch without those bytes is searched once per level of depth, of which there are few.
    /// </summary>
    private ref struct EnclosingValues
    {
        /// <summary>Deeper values are passed over whole, as a value that is not searched inside.</summary>
        public const int MaxDepth = 8;

        private readonly Span<int> _ends;
        private int _depth;

        public EnclosingValues(Span<int> ends) => _ends = ends;

        /// <summary>Gets how many values the search is inside: each is a credential's value.</summary>
        public readonly int Depth => _depth;

        /// <summary>Leaves the values that end before <paramref name="position"/>; returns where the innermost left ends.</summary>
        public int LimitAt(int position, int textLength)
        {
            while (_depth > 0 && position >= _ends[_depth - 1])
            {
                _depth--;
            }

            return _depth > 0 ? _ends[_depth - 1] : textLength;
        }

        /// <summary>Enters the value <paramref name="start"/>..<paramref name="end"/>; false when too deep.</summary>
        public bool TryEnter(int start, int end, ReadOnlySpan<byte> text)
        {
            if (_depth == MaxDepth)
            {
                return false;
            }

            ReadOnlySpan<byte> value = text[start..end];
            int closing = value.Length < 2 ? 0
                : value.StartsWith("{{"u8) && value.EndsWith("}}"u8) ? 2
                : (value[0], value[^1]) is ((byte)'$', (byte)'}' or (byte)')') or ((byte)'<', (byte)'>') or ((byte)'%', (byte)'%') ? 1
                : 0;
            _ends[_depth++] = end - closing;
            return true;
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Sanitization;

/// <summary>
/// One pass of masking over the strings of a JSON message: it scans each string it is shown, records the strings that
/// change as edits, and finally writes the message with only those strings replaced. Used for tool results (text blocks,
/// embedded resources, structured content) and for tool arguments.
/// </summary>
internal sealed class SanitizationPass : IDisposable
{
    /// <summary>Room for the truncation notice, so that a block after the budget is spent still says what was cut.</summary>
    private const int MinimumNoticeBudget = 64;

    /// <summary>The type reported for a string that cannot be read as text, and masked whole.</summary>
    private const string UnreadableType = "UNREADABLE";

    private const string Redacted = "[REDACTED]";

    private static readonly JsonWriterOptions StringWriterOptions = new()
    {
        // Only what JSON requires is escaped: an edited string must not change the escaping of the text around the mask.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly TextSanitizer _text;
    private readonly SensitiveDataScanner _scanner;
    private readonly SanitizerSettings.ToolScope _scope;
    private readonly string _structuredRoot;
    private readonly FindingList _findings;

    // A writer of JSON strings for each thread, as System.Text.Json keeps its own: each use resets it, writes one
    // string and flushes, so no two uses overlap. It points at the last pass's replacements, disposed and empty.
    [ThreadStatic]
    private static Utf8JsonWriter? t_stringWriter;

    // Made on first use: a clean result, the common case, needs none of them.
    private List<Edit>? _edits;
    private PooledBufferWriter? _replacements;
    private PooledBufferWriter? _unescaped;
    private PooledBufferWriter? _masked;
    private PooledBufferWriter? _truncated;
    private PathBuilder? _path;
    private int _usedChars;
    private bool _textChanged;

    public SanitizationPass(TextSanitizer text, SensitiveDataScanner scanner, SanitizerSettings.ToolScope scope, string structuredRoot)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(structuredRoot);
        _text = text;
        _scanner = scanner;
        _scope = scope;
        _structuredRoot = structuredRoot;
        _findings = scanner.CreateList();
    }

    public List<Redaction> Redactions { get; } = [];

    public bool Truncated { get; private set; }

    /// <summary>Gets whether anything was masked or cut: a string of the message, or a text given as a string.</summary>
    public bool Changed => HasEdits || _textChanged;

    /// <summary>Gets whether a string of the message visited was edited (what <see cref="WriteMessage"/> writes differently).</summary>
    public bool HasEdits => _edits is { Count: > 0 };

    private PooledBufferWriter Replacements => _replacements ??= new PooledBufferWriter(256);

    /// <summary>Gets the buffer of a string's text as UTF-8: unescaped from JSON, or transcoded from a .NET string.</summary>
    private PooledBufferWriter Unescaped => _unescaped ??= new PooledBufferWriter(256);

    private PooledBufferWriter Masked => _masked ??= new PooledBufferWriter(256);

    private PooledBufferWriter TruncatedText => _truncated ??= new PooledBufferWriter(256);

    private PathBuilder Path => _path ??= new PathBuilder();

    public void VisitBlock(JsonElement block, int index)
    {
        if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type"u8, out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            return;
        }

        if (type.ValueEquals("text"u8) && block.TryGetProperty("text"u8, out JsonElement text) && text.ValueKind == JsonValueKind.String)
        {
            VisitText(text, index, "text");
        }
        else if (type.ValueEquals("resource"u8)
            && block.TryGetProperty("resource"u8, out JsonElement resource) && resource.ValueKind == JsonValueKind.Object
            && resource.TryGetProperty("text"u8, out JsonElement resourceText) && resourceText.ValueKind == JsonValueKind.String)
        {
            VisitText(resourceText, index, "resource.text");
        }
    }

    /// <summary>Visits every string of a structured value (structured content, or the arguments of a call).</summary>
    public void VisitStructured(JsonElement element) => VisitStructured(element, default);

    private void VisitStructured(JsonElement element, ReadOnlySpan<byte> fieldName)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    ReadOnlySpan<byte> name = NameOf(property);
                    int parent = Path.PushName(name);
                    VisitStructured(property.Value, name);
                    Path.Pop(parent);
                }

                break;
            case JsonValueKind.Array:
                int index = 0;

                // A PEM key stored as an array of lines: the strings after a BEGIN line are its body, through the END line.
                bool insideKey = false;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    int parent = Path.PushIndex(index++);
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        insideKey = VisitStructuredString(item, fieldName, insideKey);
                    }
                    else
                    {
                        insideKey = false;
                        VisitStructured(item, fieldName);
                    }

                    Path.Pop(parent);
                }

                break;
            case JsonValueKind.String:
                VisitStructuredString(element, fieldName, insideKey: false);
                break;
        }
    }

    /// <summary>
    /// Scans and masks one string, or masks it whole as a line of the private key the strings before it began
    /// (<paramref name="insideKey"/>); returns whether a private key goes on after it. A string the operator allows, or
    /// one that cannot be read, leaves that as it was: it neither begins nor ends a key.
    /// </summary>
    private bool VisitStructuredString(JsonElement element, ReadOnlySpan<byte> fieldName, bool insideKey)
    {
        FieldRules fields = _scope.Fields;
        string? path = fields.NeedsPaths && Path.ByteLength <= fields.MaxPathBytes ? Path.ToString() : null;
        if (!fields.IsEmpty && fields.IsAllowed(fieldName, path))
        {
            return insideKey;
        }

        if (!TryRead(element, out ReadOnlySpan<byte> text))
        {
            Unreadable(element, StructuredLocation(path));
            return insideKey;
        }

        bool keyGoesOn;
        if (insideKey)
        {
            _findings.Clear();
            _findings.Add(0, text.Length, SensitiveDataType.PrivateKey);
            keyGoesOn = !PrivateKeyDetector.HoldsEndLine(text) || PrivateKeyDetector.EndsInsideKey(text);
        }
        else
        {
            // A BEGIN line is always found by the scan, whatever type its finding takes in a merge: only a string with
            // findings is searched for one.
            _scanner.Scan(text, fieldName, _findings);
            keyGoesOn = _findings.Count > 0 && PrivateKeyDetector.EndsInsideKey(text);
        }

        if (_findings.Count == 0)
        {
            return keyGoesOn;
        }

        MaskingStrategy? strategy = fields.IsEmpty ? null : fields.StrategyFor(fieldName, path);
        Masked.Clear();
        _text.WriteMasked(text, _findings, _scope.Strategies, strategy, Masked);
        Record(StructuredLocation(path));
        AddEdit(element, Masked.WrittenSpan);
        return keyGoesOn;
    }

    private void VisitText(JsonElement element, int index, string member)
    {
        if (!TryRead(element, out ReadOnlySpan<byte> text))
        {
            Unreadable(element, BlockLocation(index, member));
            return;
        }

        if (SanitizeText(text, index, member, out ReadOnlySpan<byte> sanitized))
        {
            AddEdit(element, sanitized);
        }
    }

    /// <summary>
    /// Sanitizes the text of content block <paramref name="index"/> given as a string (a result not yet serialized):
    /// the new text, or <see langword="null"/> when it is left as it is.
    /// </summary>
    public string? SanitizeText(string text, int index, string member)
    {
        ArgumentNullException.ThrowIfNull(text);
        Unescaped.Clear();
        Span<byte> destination = Unescaped.GetSpan(Encoding.UTF8.GetByteCount(text));
        if (Utf8.FromUtf16(text, destination, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            // A lone surrogate: as for a string whose escapes do not decode, none of it is let through.
            Redactions.Add(new Redaction(UnreadableType, BlockLocation(index, member)));
            _textChanged = true;
            return Redacted;
        }

        Unescaped.Advance(written);
        if (!SanitizeText(Unescaped.WrittenSpan, index, member, out ReadOnlySpan<byte> sanitized))
        {
            return null;
        }

        _textChanged = true;
        return Encoding.UTF8.GetString(sanitized);
    }

    /// <summary>Masks and truncates the text of a content block; <see langword="false"/> when it stays as it is.</summary>
    private bool SanitizeText(ReadOnlySpan<byte> text, int index, string member, out ReadOnlySpan<byte> sanitized)
    {
        bool changed = false;
        _scanner.Scan(text, _findings);
        if (_findings.Count > 0)
        {
            Masked.Clear();
            _text.WriteMasked(text, _findings, _scope.Strategies, null, Masked);
            Record(BlockLocation(index, member));
            text = Masked.WrittenSpan;
            changed = true;
        }

        int max = _scope.MaxOutputChars;
        if (max > 0)
        {
            int remaining = Math.Max(max - _usedChars, MinimumNoticeBudget);
            int chars = Encoding.UTF8.GetCharCount(text);
            if (chars > remaining)
            {
                TruncatedText.Clear();
                OutputTruncator.Truncate(text, remaining, TruncatedText, out _, out _);
                text = TruncatedText.WrittenSpan;
                chars = Encoding.UTF8.GetCharCount(text);
                changed = true;
                Truncated = true;
            }

            _usedChars += chars;
        }

        sanitized = text;
        return changed;
    }

    /// <summary>A string whose escapes do not decode (a lone surrogate) cannot be scanned, so none of it is let through.</summary>
    private void Unreadable(JsonElement element, string location)
    {
        Redactions.Add(new Redaction(UnreadableType, location));
        AddEdit(element, "[REDACTED]"u8);
    }

    /// <summary>
    /// The location a report gives a structured value, <c>structuredContent.customer.emails[0]</c>: the path with the
    /// root's name for its <c>$</c>, built in one string (from the path string when the rules already made it).
    /// </summary>
    private string StructuredLocation(string? path) =>
        path is null ? Path.ToString(_structuredRoot) : string.Concat(_structuredRoot.AsSpan(), path.AsSpan(1));

    /// <summary>The location a report gives a text block's string, <c>content[0].text</c>, in one string.</summary>
    private static string BlockLocation(int index, string member) =>
        string.Create(CultureInfo.InvariantCulture, stackalloc char[64], $"content[{index}].{member}");

    /// <summary>Reports every finding of the string just masked; they share its one location string.</summary>
    private void Record(string location)
    {
        // Room for this string's findings at once, rather than by doubling from four.
        Redactions.EnsureCapacity(Redactions.Count + _findings.Count);
        for (int i = 0; i < _findings.Count; i++)
        {
            Redactions.Add(new Redaction(SensitiveDataLabels.Of(_findings[i].Type), location));
        }
    }

    /// <summary>Reads a string value as unescaped UTF-8: the raw bytes themselves when it holds no escape.</summary>
    private bool TryRead(JsonElement element, out ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(element);
        ReadOnlySpan<byte> inner = raw[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            text = inner;
            return true;
        }

        Unescaped.Clear();
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        try
        {
            Span<byte> destination = Unescaped.GetSpan(inner.Length);
            int written = reader.CopyString(destination);
            Unescaped.Advance(written);
            text = Unescaped.WrittenSpan;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = default;
            return false;
        }
    }

    private void AddEdit(JsonElement element, ReadOnlySpan<byte> newText)
    {
        int start = Replacements.WrittenCount;
        if (newText.IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0 && newText.IndexOfAny((byte)'"', (byte)'\\') < 0)
        {
            // Printable ASCII without a quote or a backslash, as most masks are: the JSON string is the text in quotes.
            Replacements.Write("\""u8);
            Replacements.Write(newText);
            Replacements.Write("\""u8);
        }
        else
        {
            Utf8JsonWriter writer = t_stringWriter ??= new Utf8JsonWriter(Replacements, StringWriterOptions);
            writer.Reset(Replacements);
            writer.WriteStringValue(newText);
            writer.Flush();
        }

        // A result masks a handful of strings: room for them from the first.
        (_edits ??= new List<Edit>(8)).Add(new Edit(element, start, Replacements.WrittenCount - start));
    }

    /// <summary>Writes the message with each edited string replaced; the strings are views of the message's own bytes.</summary>
    public void WriteMessage(ReadOnlySpan<byte> message, PooledBufferWriter output)
    {
        if (_edits is not { } edits)
        {
            output.Write(message);
            return;
        }

        // A result has a handful of edits: their places are sorted on the stack, unless there are very many.
        Span<(int Offset, int Length, int ReplacementStart, int ReplacementLength)> spans = edits.Count <= 32
            ? stackalloc (int, int, int, int)[edits.Count]
            : new (int, int, int, int)[edits.Count];
        bool sorted = true;
        for (int i = 0; i < edits.Count; i++)
        {
            Edit edit = edits[i];
            ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(edit.Element);
            if (!message.Overlaps(raw, out int offset))
            {
                throw new InvalidOperationException("The edited string is not part of the message being sanitized.");
            }

            spans[i] = (offset, raw.Length, edit.ReplacementStart, edit.ReplacementLength);
            sorted &= i == 0 || spans[i - 1].Offset < offset;
        }

        // The walk visits the message in order, so the edits usually come sorted already.
        if (!sorted)
        {
            spans.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        }

        ReadOnlySpan<byte> replacements = Replacements.WrittenSpan;
        int position = 0;
        foreach ((int offset, int length, int replacementStart, int replacementLength) in spans)
        {
            output.Write(message[position..offset]);
            output.Write(replacements.Slice(replacementStart, replacementLength));
            position = offset + length;
        }

        output.Write(message[position..]);
    }

    private static ReadOnlySpan<byte> NameOf(JsonProperty property)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.IndexOf((byte)'\\') < 0 ? raw : Encoding.UTF8.GetBytes(JsonText.TryGetName(property, out string name) ? name : string.Empty);
    }

    public void Dispose()
    {
        _replacements?.Dispose();
        _unescaped?.Dispose();
        _masked?.Dispose();
        _truncated?.Dispose();
        _path?.Dispose();
    }

    private readonly record struct Edit(JsonElement Element, int ReplacementStart, int ReplacementLength);

    /// <summary>
    /// The path of the current structured value, <c>$.customer.emails[0]</c>, kept as UTF-8 as the walk descends and
    /// turned into a string only when a rule or a report needs it.
    /// </summary>
    private sealed class PathBuilder : IDisposable
    {
        /// <summary>
        /// The longest location a report gives whole: one under a longer path (a property name of a megabyte) keeps its
        /// start and its end, so that a report of each of many values under it does not copy the whole path each time.
        /// </summary>
        private const int MaxLocationBytes = 256;

        private readonly PooledBufferWriter _path = new(128);

        public PathBuilder() => _path.Write("$"u8);

        /// <summary>Gets the UTF-8 length of the path, <c>$</c> included.</summary>
        public int ByteLength => _path.WrittenCount;

        /// <summary>Descends into a property; returns the mark that <see cref="Pop"/> takes to come back.</summary>
        public int PushName(ReadOnlySpan<byte> name)
        {
            int parent = _path.WrittenCount;
            _path.Write("."u8);
            _path.Write(name);
            return parent;
        }

        /// <summary>Descends into an array item; returns the mark that <see cref="Pop"/> takes to come back.</summary>
        public int PushIndex(int index)
        {
            int parent = _path.WrittenCount;
            _path.Write("["u8);
            Span<byte> digits = _path.GetSpan(11);
            index.TryFormat(digits, out int written, provider: CultureInfo.InvariantCulture);
            _path.Advance(written);
            _path.Write("]"u8);
            return parent;
        }

        /// <summary>Comes back to the value whose path was <paramref name="parent"/> bytes long.</summary>
        public void Pop(int parent) => _path.Truncate(parent);

        public override string ToString() => Encoding.UTF8.GetString(_path.WrittenSpan);

        /// <summary>The path with <paramref name="root"/> in place of its <c>$</c>, decoded straight into the one string.</summary>
        public string ToString(string root)
        {
            ReadOnlySpan<byte> path = _path.WrittenSpan[1..];
            if (path.Length > MaxLocationBytes)
            {
                // Cut bytes may split a character; its pieces decode as U+FFFD.
                int half = MaxLocationBytes / 2;
                return string.Concat(root, Encoding.UTF8.GetString(path[..half]), "…", Encoding.UTF8.GetString(path[^half..]));
            }

            int length = root.Length + Encoding.UTF8.GetCharCount(path);
            return string.Create(length, (root, this), static (chars, state) =>
            {
                state.root.CopyTo(chars);
                Encoding.UTF8.GetChars(state.Item2._path.WrittenSpan[1..], chars[state.root.Length..]);
            });
        }

        public void Dispose() => _path.Dispose();
    }
}

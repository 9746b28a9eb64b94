using PhoneNumbers;

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// Finds telephone numbers, international (<c>+44 20 7946 0958</c>) or national (<c>(650) 253-0000</c>), that
/// libphonenumber validates as real numbers. A number is a few groups of digits joined by single spaces, dots, dashes or
/// parentheses; cheap checks (digit count, glue to other tokens, dates, IPv4 addresses, card numbers, the lengths the
/// country allows) run first, because libphonenumber allocates and takes microseconds per number.
/// </summary>
internal sealed class PhoneDetector : INumberDetector
{
    /// <summary>
    /// The region national numbers (written without '+') are read in until the region is configurable: "US", so
    /// <c>(650) 253-0000</c> is a number and a British <c>020 7946 0958</c> is not.
    /// </summary>
    public const string DefaultRegion = "US";

    /// <summary>
    /// How many numbers one scan may have libphonenumber check (about 2 µs each, so a few milliseconds in all); numbers
    /// beyond it that pass the cheap checks are reported unchecked.
    /// </summary>
    public const int ValidationBudget = 2048;

    private const int MinDigits = 7;
    private const int MaxDigits = 15; // E.164

    // Beyond two numbers' worth of digits joined only by spaces, a run is a table of figures (see ScanRun).
    private const int MaxRunDigits = 2 * MaxDigits;
    private const int MaxRunChunks = MaxRunDigits;

    // "(0)", "(650)", "(02161)": an area code or a trunk prefix, never a whole number.
    private const int MaxParenthesisedDigits = 5;

    // "+33 1 42 68 53 00" has six space-separated parts; more is a list of numbers.
    private const int MaxCandidateChunks = 7;

    private const int CacheSize = 4096;
    private const ulong CacheOccupied = 1UL << 63;
    private const ulong CacheValid = 1UL << 62;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // For each calling code, a bit per national-number length that some region of the code uses; 0: no such code.
    private static readonly int[] CallingCodeLengths = BuildCallingCodeLengths();

    private static readonly SensitiveDataType[] ReportedTypes = [SensitiveDataType.Phone];

    private readonly string _region;
    private readonly int _regionLengths;
    private readonly byte[] _nationalPrefix;

    // Recent verdicts of libphonenumber by number: texts repeat the same numbers, and one lookup costs a microsecond or
    // more. Each slot is one 64-bit word (key and verdict), read and written atomically, so threads can share it.
    private readonly ulong[] _verdicts = new ulong[CacheSize];

    public PhoneDetector(string defaultRegion = DefaultRegion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultRegion);
        _region = defaultRegion.ToUpperInvariant();
        PhoneMetadata metadata = Util.GetMetadataForRegion(_region)
            ?? throw new ArgumentException($"'{defaultRegion}' is not a region libphonenumber knows.", nameof(defaultRegion));

        // Regions that strip more than a fixed national prefix (carrier codes, transformations) get no length filter.
        string prefix = metadata.NationalPrefix ?? string.Empty;
        string prefixForParsing = metadata.NationalPrefixForParsing ?? string.Empty;
        _nationalPrefix = System.Text.Encoding.ASCII.GetBytes(prefix);
        _regionLengths = prefixForParsing.Length == 0 || prefixForParsing == prefix ? LengthMask(metadata) : AnyLength;
    }

    public IReadOnlyList<SensitiveDataType> Types => ReportedTypes;

    private static int AnyLength => ((1 << (MaxDigits + 1)) - 1) & ~((1 << MinDigits) - 1);

    public void Detect(ReadOnlySpan<byte> text, FindingList findings)
    {
        using NumberSpans numbers = NumberSpans.Find(text);
        Detect(text, numbers.Items, findings);
    }

    public void Detect(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Span<Chunk> chunks = stackalloc Chunk[MaxRunChunks];
        int budget = ValidationBudget;
        int position = 0;
        foreach (NumberSpan number in numbers)
        {
            // Every chunk of a run is made of a number's bytes, so a run never leaves the number it starts in, and a
            // number with fewer digits than a telephone number holds none.
            if (number.Digits < MinDigits)
            {
                continue;
            }

            position = Math.Max(position, number.Start);
            while (position < number.End)
            {
                int digit = NumberSpans.IndexOfDigit(text, position, number.End);
                if (digit < 0)
                {
                    break;
                }

                position = ScanRun(text, digit, chunks, findings, ref budget);
            }
        }
    }

    /// <summary>
    /// Reads the run of space-separated chunks that starts with the digit at <paramref name="digit"/>, reports the numbers
    /// in it, and returns where scanning resumes: after everything read, so no byte is read twice.
    /// </summary>
    private int ScanRun(ReadOnlySpan<byte> text, int digit, Span<Chunk> chunks, FindingList findings, ref int budget)
    {
        int start = digit;
        if (digit > 0 && text[digit - 1] is (byte)'+' or (byte)'(')
        {
            start = digit - 1;
        }

        Chunk first = ReadChunk(text, start);
        if (!first.IsUsable && start != digit)
        {
            // "(650-253-0000)": the parenthesis encloses the number rather than an area code.
            start = digit;
            first = ReadChunk(text, start);
        }

        if (!first.IsUsable || IsGluedBefore(text, start) || IsGluedAfter(text, first.End))
        {
            return first.ScanEnd;
        }

        chunks[0] = first;
        int count = 1;
        int digits = first.Digits;
        int resume = first.ScanEnd;
        int end = first.End;
        bool table = false;
        while (end + 1 < text.Length && text[end] == ' ' && StartsChunk(text, end + 1))
        {
            Chunk next = ReadChunk(text, end + 1);
            if (next.Plus)
            {
                // Another international number starts: it is read as a run of its own.
                resume = end + 1;
                break;
            }

            resume = next.ScanEnd;
            if (!next.IsUsable || IsGluedAfter(text, next.End))
            {
                // The run stops before it; the chunk itself is glued to something else and is skipped.
                break;
            }

            digits += next.Digits;
            if (!table && (digits > MaxRunDigits || count == chunks.Length))
            {
                // A table of figures: only its parts that hold a whole number on their own ("650-253-0000") are
                // tried, so that short groups cannot be combined in many ways, each costing a libphonenumber call.
                table = true;
                for (int k = 0; k < count; k++)
                {
                    FindNumbersIn(text, chunks.Slice(k, 1), findings, ref budget);
                }
            }

            if (table)
            {
                chunks[0] = next;
                FindNumbersIn(text, chunks[..1], findings, ref budget);
            }
            else
            {
                chunks[count++] = next;
            }

            end = next.End;
        }

        if (!table && !(count >= 2 && digits is >= 13 and <= 19 && !first.Plus && IsCard(text, chunks[..count])))
        {
            FindNumbersIn(text, chunks[..count], findings, ref budget);
        }

        return resume;
    }

    /// <summary>"3782 822463 10005": a card number in groups, whose first groups must not be read as a telephone number.</summary>
    private static bool IsCard(ReadOnlySpan<byte> text, ReadOnlySpan<Chunk> chunks)
    {
        Span<byte> digits = stackalloc byte[19];
        int length = 0;
        foreach (byte b in text[chunks[0].Start..chunks[^1].End])
        {
            if (char.IsAsciiDigit((char)b))
            {
                digits[length++] = b;
            }
        }

        return PaymentCardDetector.IsIssuerRange(digits[..length]) && PaymentCardDetector.PassesLuhn(digits[..length]);
    }

    private void FindNumbersIn(ReadOnlySpan<byte> text, ReadOnlySpan<Chunk> chunks, FindingList findings, ref int budget)
    {
        int digits = 0;
        foreach (Chunk chunk in chunks)
        {
            digits += chunk.Digits;
        }

        if (digits >= MinDigits)
        {
            FindNumbers(text, chunks, findings, ref budget);
        }
    }

    /// <summary>Reports the longest valid numbers among consecutive chunks, trying each start once.</summary>
    private void FindNumbers(ReadOnlySpan<byte> text, ReadOnlySpan<Chunk> chunks, FindingList findings, ref int budget)
    {
        int i = 0;
        while (i < chunks.Length)
        {
            // A one-digit part is a trunk prefix, a country code or an area code ("1 800 …", "+33 1 42 …"), so it
            // comes first or second; later ones make lists like "1 2 3 4 5 6 7".
            int last = i;
            int total = chunks[i].Digits;
            while (last + 1 < chunks.Length && last + 1 - i < MaxCandidateChunks
                && (chunks[last + 1].Digits > 1 || last == i) && total + chunks[last + 1].Digits <= MaxDigits)
            {
                last++;
                total += chunks[last].Digits;
            }

            int next = i + 1;
            for (int j = last; j >= i; j--)
            {
                Verdict verdict = IsPlausibleCount(total, chunks[i].Plus)
                    ? Judge(text[chunks[i].Start..chunks[j].End], chunks[i].Plus, ref budget)
                    : Verdict.NotANumber;
                if (verdict == Verdict.Number)
                {
                    findings.Add(chunks[i].Start, chunks[j].End - chunks[i].Start, SensitiveDataType.Phone);
                }

                if (verdict != Verdict.NotANumber)
                {
                    // A date, address or card is not searched for numbers inside it either ("4222 2222" in a card).
                    next = j + 1;
                    break;
                }

                total -= chunks[j].Digits;
            }

            i = next;
        }
    }

    /// <summary>The checks in order of cost: lengths, shapes that are something else, then libphonenumber.</summary>
    private Verdict Judge(ReadOnlySpan<byte> candidate, bool international, ref int budget)
    {
        Span<byte> digits = stackalloc byte[MaxDigits + 1];
        Span<int> groups = stackalloc int[4];
        int length = 0;
        int groupCount = 0;
        int groupLength = 0;
        bool onlyDots = true;
        for (int k = 0; k < candidate.Length; k++)
        {
            byte b = candidate[k];
            if (international && b == '(' && k + 2 < candidate.Length && candidate[k + 1] == '0' && candidate[k + 2] == ')')
            {
                // "+44 (0)20 …": the trunk zero is not dialled from abroad.
                k += 2;
                continue;
            }

            if (char.IsAsciiDigit((char)b))
            {
                digits[length++] = b;
                groupLength++;
                continue;
            }

            onlyDots &= b == '.';
            if (groupLength > 0)
            {
                if (groupCount < groups.Length)
                {
                    groups[groupCount] = groupLength;
                }

                groupCount++;
                groupLength = 0;
            }
        }

        if (groupLength > 0)
        {
            if (groupCount < groups.Length)
            {
                groups[groupCount] = groupLength;
            }

            groupCount++;
        }

        digits = digits[..length];
        if (!international
            && (IsDate(digits, groups, groupCount)
                || (onlyDots && groupCount == 4 && groups[0] <= 3 && groups[1] <= 3 && groups[2] <= 3 && groups[3] <= 3)
                || (length >= 13 && PaymentCardDetector.PassesLuhn(digits))))
        {
            return Verdict.SomethingElse;
        }

        if (length < MinDigits || (international ? !HasCallingCodeLength(digits) : !HasNationalLength(digits)))
        {
            return Verdict.NotANumber;
        }

        return IsValid(digits, international, ref budget) ? Verdict.Number : Verdict.NotANumber;
    }

    private bool IsValid(ReadOnlySpan<byte> digits, bool international, ref int budget)
    {
        ulong value = 0;
        foreach (byte b in digits)
        {
            value = (value * 10) + (ulong)(b - '0');
        }

        // 15 digits fit in 50 bits; the count tells "0201…" from "201…".
        ulong key = value | ((ulong)digits.Length << 50) | (international ? 1UL << 55 : 0);
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> 54) & (CacheSize - 1);
        ulong entry = Volatile.Read(ref _verdicts[slot]);
        if ((entry & CacheOccupied) != 0 && (entry & ~(CacheOccupied | CacheValid)) == key)
        {
            return (entry & CacheValid) != 0;
        }

        if (budget == 0)
        {
            // Past the budget a candidate that passed every cheap check counts as a number: more is masked, nothing
            // leaks, and a text made of thousands of distinct look-alikes cannot make the scan slow.
            return true;
        }

        budget--;
        bool valid = Validate(digits, international);
        Volatile.Write(ref _verdicts[slot], key | CacheOccupied | (valid ? CacheValid : 0));
        return valid;
    }

    private bool Validate(ReadOnlySpan<byte> digits, bool international)
    {
        Span<char> chars = stackalloc char[MaxDigits + 1];
        int length = 0;
        if (international)
        {
            chars[length++] = '+';
        }

        foreach (byte b in digits)
        {
            chars[length++] = (char)b;
        }

        try
        {
            // Digits only: libphonenumber parses them several times faster than the formatted text.
            PhoneNumber number = Util.Parse(new string(chars[..length]), _region);
            return Util.IsValidNumber(number);
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>A first filter on the digit count alone, before the candidate is read.</summary>
    private bool IsPlausibleCount(int count, bool international)
    {
        if (count < MinDigits || count > MaxDigits + 1)
        {
            return false;
        }

        // International numbers are filtered once their calling code is known; "(0)" may make one digit too many here.
        return international
            || (_regionLengths & (1 << count)) != 0
            || (_nationalPrefix.Length > 0 && count > _nationalPrefix.Length && (_regionLengths & (1 << (count - _nationalPrefix.Length))) != 0);
    }

    private static bool HasCallingCodeLength(ReadOnlySpan<byte> digits)
    {
        // Calling codes are prefix-free, so the first code that exists is the code.
        int code = 0;
        for (int size = 1; size <= 3 && size < digits.Length; size++)
        {
            code = (code * 10) + (digits[size - 1] - '0');
            int lengths = CallingCodeLengths[code];
            if (lengths != 0)
            {
                return (lengths & (1 << (digits.Length - size))) != 0;
            }
        }

        return false;
    }

    private bool HasNationalLength(ReadOnlySpan<byte> digits)
    {
        if ((_regionLengths & (1 << digits.Length)) != 0)
        {
            return true;
        }

        // "1 800 555 1234", "020 7946 0958": the national prefix is not part of the number's length.
        return _nationalPrefix.Length > 0
            && digits.StartsWith(_nationalPrefix)
            && (_regionLengths & (1 << (digits.Length - _nationalPrefix.Length))) != 0;
    }

    /// <summary>2024-01-15, 20240115, 15.01.2024, 01-15-2024: a date, not a number.</summary>
    private static bool IsDate(ReadOnlySpan<byte> digits, ReadOnlySpan<int> groups, int groupCount)
    {
        if ((groupCount != 3 && groupCount != 1) || digits.Length != 8)
        {
            return false;
        }

        int a = Number(digits[..2]);
        int b = Number(digits[2..4]);
        int c = Number(digits[4..6]);
        int d = Number(digits[6..8]);
        if (groupCount == 1 || (groups[0] == 4 && groups[1] == 2))
        {
            return a is 19 or 20 && c is >= 1 and <= 12 && d is >= 1 and <= 31;
        }

        if (groupCount == 3 && groups[0] == 2 && groups[1] == 2)
        {
            return a is >= 1 and <= 31 && b is >= 1 and <= 31 && (a <= 12 || b <= 12) && c is 19 or 20;
        }

        return false;
    }

    private static int Number(ReadOnlySpan<byte> twoDigits) => ((twoDigits[0] - '0') * 10) + (twoDigits[1] - '0');

    private static bool StartsChunk(ReadOnlySpan<byte> text, int index)
    {
        byte b = text[index];
        return char.IsAsciiDigit((char)b)
            || ((b == '(' || b == '+') && index + 1 < text.Length && char.IsAsciiDigit((char)text[index + 1]));
    }

    /// <summary>
    /// Reads one chunk: digit groups joined without spaces by single dots or dashes, or a parenthesised group of digits
    /// (an area code or trunk prefix), with an optional leading '+'. It is read to its end even when too long, so the
    /// caller can skip it whole; an unclosed parenthesis makes it unusable.
    /// </summary>
    private static Chunk ReadChunk(ReadOnlySpan<byte> text, int start)
    {
        int position = start;
        bool plus = text[position] == '+';
        if (plus)
        {
            position++;
        }

        int digits = 0;
        int end = start;
        bool open = false;
        int parenthesisedDigits = 0;
        bool balanced = true;
        bool afterDigit = false;
        while (position < text.Length)
        {
            byte b = text[position];
            if (char.IsAsciiDigit((char)b))
            {
                digits++;
                parenthesisedDigits += open ? 1 : 0;
                afterDigit = true;
                end = ++position;
            }
            else if (b == '(' && !open && position + 1 < text.Length && char.IsAsciiDigit((char)text[position + 1]))
            {
                open = true;
                parenthesisedDigits = 0;
                afterDigit = false;
                position++;
            }
            else if (b == ')' && open && afterDigit && parenthesisedDigits <= MaxParenthesisedDigits)
            {
                open = false;
                end = ++position;
            }
            else if ((b == '.' || b == '-') && afterDigit && !open && position + 1 < text.Length
                && (char.IsAsciiDigit((char)text[position + 1]) || text[position + 1] == '('))
            {
                afterDigit = false;
                position++;
            }
            else
            {
                break;
            }

            balanced = !open;
        }

        return new Chunk(start, end, Math.Max(end, position), digits, plus, balanced && digits > 0 && digits <= MaxDigits);
    }

    /// <summary>Part of a longer token: a letter or digit before, or a number joined by '.', '-', '/', ':' or ','.</summary>
    private static bool IsGluedBefore(ReadOnlySpan<byte> text, int start)
    {
        if (start == 0)
        {
            return false;
        }

        byte before = text[start - 1];
        return char.IsAsciiLetterOrDigit((char)before) || before == '_'
            || (IsJoiner(before) && start >= 2 && char.IsAsciiDigit((char)text[start - 2]));
    }

    /// <summary>Part of a longer token: a letter or digit after, or a joiner then a digit ("12:30", "1/2", "1,000").</summary>
    private static bool IsGluedAfter(ReadOnlySpan<byte> text, int end)
    {
        if (end >= text.Length)
        {
            return false;
        }

        byte after = text[end];
        return char.IsAsciiLetterOrDigit((char)after) || after == '_'
            || (IsJoiner(after) && end + 1 < text.Length && char.IsAsciiDigit((char)text[end + 1]));
    }

    private static bool IsJoiner(byte value) => value is (byte)'.' or (byte)'-' or (byte)'/' or (byte)':' or (byte)',';

    private static int LengthMask(PhoneMetadata metadata)
    {
        int mask = 0;
        foreach (int length in metadata.GeneralDesc.PossibleLengthList)
        {
            if (length is > 0 and <= MaxDigits)
            {
                mask |= 1 << length;
            }
        }

        return mask == 0 ? AnyLength : mask;
    }

    private static int[] BuildCallingCodeLengths()
    {
        var lengths = new int[1000];
        foreach (int code in Util.GetSupportedCallingCodes())
        {
            if (code is <= 0 or >= 1000)
            {
                continue;
            }

            int mask = 0;
            foreach (string region in Util.GetRegionCodesForCountryCode(code))
            {
                // Non-geographic codes (+800, +882…) have the region "001".
                PhoneMetadata? metadata = Util.GetMetadataForRegion(region) ?? Util.GetMetadataForNonGeographicalRegion(code);
                if (metadata is not null)
                {
                    mask |= LengthMask(metadata);
                }
            }

            lengths[code] = mask == 0 ? AnyLength : mask;
        }

        return lengths;
    }

    private enum Verdict
    {
        NotANumber,
        Number,

        /// <summary>A date, an IPv4 address or a card number: neither it nor a part of it is a telephone number.</summary>
        SomethingElse,
    }

    /// <summary>
    /// One space-free part of a run: <see cref="Start"/>..<see cref="End"/> is what a finding covers (from '+' or '(' to
    /// the last digit or ')'); <see cref="ScanEnd"/> is how far reading went.
    /// </summary>
    private readonly record struct Chunk(int Start, int End, int ScanEnd, int Digits, bool Plus, bool IsUsable);
}

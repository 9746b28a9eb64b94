using AgentAirlock.Sanitization.Detectors;

namespace AgentAirlock.Sanitization;

/// <summary>
/// Runs the enabled detectors over a UTF-8 text and returns the findings sorted and merged, minus the values the
/// operator trusts (allowed e-mail domains).
/// </summary>
internal sealed class SensitiveDataScanner
{
    // Split once by kind and bound as delegates: a scan runs on every string of every result, and calls through one
    // interface call site that sees a dozen detector types go through the runtime's slow dispatch stub each time.
    private readonly NumberDetection[] _numberDetectors;
    private readonly TextDetection[] _textDetectors;
    private readonly bool[] _enabled;
    private readonly bool _credentialFields;
    private readonly bool _ssnFields;
    private readonly bool _authorizationFields;
    private readonly string[] _allowedEmailDomains;

    public SensitiveDataScanner(IEnumerable<SensitiveDataType> disabledTypes, IEnumerable<string> allowedEmailDomains)
        : this(DetectorCatalog.All, disabledTypes, allowedEmailDomains)
    {
    }

    public SensitiveDataScanner(IReadOnlyList<IDetector> detectors, IEnumerable<SensitiveDataType> disabledTypes, IEnumerable<string> allowedEmailDomains)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentNullException.ThrowIfNull(disabledTypes);
        ArgumentNullException.ThrowIfNull(allowedEmailDomains);
        _enabled = new bool[Enum.GetValues<SensitiveDataType>().Length];
        Array.Fill(_enabled, true);
        foreach (SensitiveDataType type in disabledTypes)
        {
            _enabled[(int)type] = false;
        }

        IDetector[] enabled = detectors.Where(d => d.Types.Any(t => _enabled[(int)t])).ToArray();
        _numberDetectors = [.. enabled.OfType<INumberDetector>().Select(d => (NumberDetection)d.Detect)];
        _textDetectors = [.. enabled.Where(d => d is not INumberDetector).Select(d => (TextDetection)d.Detect)];
        _credentialFields = enabled.OfType<CredentialAssignmentDetector>().Any();
        _ssnFields = enabled.OfType<SsnDetector>().Any();
        _authorizationFields = enabled.OfType<BearerTokenDetector>().Any();
        _allowedEmailDomains = allowedEmailDomains
            .Select(d => d.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant())
            .Where(d => d.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Gets a scanner with every detector on and no allow list.</summary>
    public static SensitiveDataScanner Default { get; } = new([], []);

    /// <summary>Creates an empty list that accepts the types this scanner reports.</summary>
    public FindingList CreateList() => new(_enabled);

    /// <summary>Clears <paramref name="findings"/> and fills it with what <paramref name="text"/> holds, sorted and merged.</summary>
    public void Scan(ReadOnlySpan<byte> text, FindingList findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        findings.Clear();

        // The numbers are found once for all the detectors of numbers rather than by each of them.
        if (_numberDetectors.Length > 0)
        {
            using NumberSpans numbers = NumberSpans.Find(text);
            foreach (NumberDetection detect in _numberDetectors)
            {
                detect(text, numbers.Items, findings);
            }
        }

        foreach (TextDetection detect in _textDetectors)
        {
            detect(text, findings);
        }

        if (_allowedEmailDomains.Length > 0 && findings.Count > 0)
        {
            RemoveAllowedEmails(text, findings);
        }

        findings.Normalize();
    }

    /// <summary>
    /// Scans a string of structured data held by the field <paramref name="fieldName"/> (UTF-8; empty for none): as
    /// <see cref="Scan(ReadOnlySpan{byte}, FindingList)"/>, and what the field's name makes sensitive is found as in the
    /// same pair written as text: a credential (<c>"password": "…"</c>), nine bare digits under an SSN's name
    /// (<c>"ssn": "123456789"</c>), the credentials of an <c>Authorization</c> header.
    /// </summary>
    public void Scan(ReadOnlySpan<byte> text, ReadOnlySpan<byte> fieldName, FindingList findings)
    {
        Scan(text, findings);
        if (fieldName.IsEmpty)
        {
            return;
        }

        int count = findings.Count;
        if (_credentialFields && CredentialAssignmentDetector.IsCredentialField(fieldName, text, out SensitiveDataType type))
        {
            findings.Add(0, text.Length, type);
        }

        if (_ssnFields && SsnDetector.IsSsnField(fieldName, text))
        {
            findings.Add(0, text.Length, SensitiveDataType.Ssn);
        }

        if (_authorizationFields)
        {
            BearerTokenDetector.FindInField(fieldName, text, findings);
        }

        if (findings.Count != count)
        {
            findings.Normalize();
        }
    }

    private delegate void TextDetection(ReadOnlySpan<byte> text, FindingList findings);

    private delegate void NumberDetection(ReadOnlySpan<byte> text, ReadOnlySpan<NumberSpan> numbers, FindingList findings);

    private void RemoveAllowedEmails(ReadOnlySpan<byte> text, FindingList findings)
    {
        for (int i = findings.Count - 1; i >= 0; i--)
        {
            Finding finding = findings[i];
            if (finding.Type == SensitiveDataType.Email && IsAllowedDomain(text.Slice(finding.Start, finding.Length)))
            {
                findings.RemoveAt(i);
            }
        }
    }

    /// <summary>An allowed domain covers itself and its subdomains (<c>mail.example.com</c> under <c>example.com</c>), never a mere suffix (<c>badexample.com</c>).</summary>
    private bool IsAllowedDomain(ReadOnlySpan<byte> email)
    {
        int at = email.LastIndexOf((byte)'@');
        if (at < 0)
        {
            return false;
        }

        Span<char> domain = stackalloc char[Math.Min(email.Length - at - 1, 255)];
        int length = System.Text.Encoding.UTF8.GetChars(email.Slice(at + 1, domain.Length), domain);
        ReadOnlySpan<char> host = domain[..length];
        foreach (string allowed in _allowedEmailDomains)
        {
            if (host.Equals(allowed, StringComparison.OrdinalIgnoreCase)
                || (host.Length > allowed.Length
                    && host[^(allowed.Length + 1)] == '.'
                    && host[^allowed.Length..].Equals(allowed, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}

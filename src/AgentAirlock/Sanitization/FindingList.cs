namespace AgentAirlock.Sanitization;

/// <summary>
/// The findings of one scan. Types the operator disabled are dropped as they are added; <see cref="Normalize"/> then
/// sorts the findings and merges overlapping ones, so that each byte is masked at most once.
/// </summary>
internal sealed class FindingList
{
    private readonly bool[] _enabled;
    private readonly List<Finding> _items = [];

    public FindingList(bool[] enabled)
    {
        ArgumentNullException.ThrowIfNull(enabled);
        _enabled = enabled;
    }

    /// <summary>Gets a list that accepts every type.</summary>
    public static FindingList AcceptingAll() => new(Enumerable.Repeat(true, Enum.GetValues<SensitiveDataType>().Length).ToArray());

    public int Count => _items.Count;

    public Finding this[int index] => _items[index];

    public IReadOnlyList<Finding> Items => _items;

    public void Add(int start, int length, SensitiveDataType type)
    {
        if (length > 0 && _enabled[(int)type])
        {
            _items.Add(new Finding(start, length, type));
        }
    }

    public void Clear() => _items.Clear();

    public void RemoveAt(int index) => _items.RemoveAt(index);

    /// <summary>
    /// Sorts by start and merges overlaps: a merged span covers both and keeps the type of the stronger finding, a
    /// secret over personal data (a URI password that also looks like an e-mail local part is masked as a secret, whose
    /// masks show nothing), else the longer one.
    /// </summary>
    public void Normalize()
    {
        if (_items.Count < 2)
        {
            return;
        }

        _items.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        int kept = 0;
        for (int i = 1; i < _items.Count; i++)
        {
            Finding current = _items[kept];
            Finding next = _items[i];
            if (next.Start < current.End)
            {
                int end = Math.Max(current.End, next.End);
                SensitiveDataType type = Stronger(next, current) ? next.Type : current.Type;
                _items[kept] = new Finding(current.Start, end - current.Start, type);
            }
            else
            {
                _items[++kept] = next;
            }
        }

        _items.RemoveRange(kept + 1, _items.Count - kept - 1);
    }

    private static bool Stronger(Finding candidate, Finding incumbent) =>
        candidate.Type.IsSecret() != incumbent.Type.IsSecret() ? candidate.Type.IsSecret() : candidate.Length > incumbent.Length;
}

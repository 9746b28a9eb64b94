using System.Text;
using System.Text.Json;

namespace AgentAirlock.Validation;

/// <summary>
/// The reusable state of one validation: the current path and the problems found. One instance per thread is
/// kept, so a valid call allocates nothing.
/// </summary>
internal sealed class ValidationScratch
{
    [ThreadStatic]
    private static ValidationScratch? t_cached;

    private readonly List<(string? Name, int Index)> _path = [];

    /// <summary>
    /// The most ghosts, and the most other problems, one call reports in detail. A body can hold tens of thousands
    /// of bad members; naming them all would make the answer (and the work of suggesting names) as large as the attack.
    /// </summary>
    public const int MaxReportedProblems = 50;

    private int _reportedGhosts;
    private int _reportedOthers;

    public List<ArgumentProblem> Problems { get; } = [];

    /// <summary>Gets how many ghost arguments were found beyond <see cref="MaxReportedProblems"/>.</summary>
    public int UnreportedGhosts { get; private set; }

    /// <summary>Gets how many other problems were found beyond <see cref="MaxReportedProblems"/>.</summary>
    public int UnreportedOthers { get; private set; }

    /// <summary>Gets whether any problem (reported or not) is something other than a ghost argument.</summary>
    public bool HasNonGhostProblem => _reportedOthers + UnreportedOthers > 0;

    /// <summary>
    /// Gets or sets whether a pattern already ran out of time in this call: later values are not matched (each
    /// would cost the timeout again) and are refused as unchecked.
    /// </summary>
    public bool PatternBudgetSpent { get; set; }

    public bool StrictTypes { get; private set; } = true;

    public SchemaNode? Root { get; private set; }

    public static ValidationScratch Rent(SchemaNode root, bool strictTypes)
    {
        ValidationScratch scratch = t_cached ?? new ValidationScratch();
        t_cached = null;
        scratch.Root = root;
        scratch.StrictTypes = strictTypes;
        return scratch;
    }

    public static void Return(ValidationScratch scratch)
    {
        scratch.Problems.Clear();
        scratch._reportedGhosts = 0;
        scratch._reportedOthers = 0;
        scratch.UnreportedGhosts = 0;
        scratch.UnreportedOthers = 0;
        scratch.PatternBudgetSpent = false;
        scratch._path.Clear();
        scratch.Root = null;
        t_cached = scratch;
    }

    /// <summary>Adds a problem found by another validator, under the same limit.</summary>
    public void Add(ArgumentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (Admit(problem.IsGhost))
        {
            Problems.Add(problem);
        }
    }

    private bool Admit(bool ghost)
    {
        if (ghost)
        {
            if (_reportedGhosts < MaxReportedProblems)
            {
                _reportedGhosts++;
                return true;
            }

            UnreportedGhosts++;
            return false;
        }

        if (_reportedOthers < MaxReportedProblems)
        {
            _reportedOthers++;
            return true;
        }

        UnreportedOthers++;
        return false;
    }

    public void Push(string name) => _path.Add((name, -1));

    public void Push(int index) => _path.Add((null, index));

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void Add(ArgumentProblemKind kind, SchemaNode? schema, JsonValueKind actual, string? leaf = null, string? detail = null)
    {
        if (Admit(kind == ArgumentProblemKind.Unknown))
        {
            Problems.Add(new ArgumentProblem(CurrentPath(leaf), leaf ?? InnermostName(), kind, schema, actual, detail));
        }
    }

    private string InnermostName()
    {
        for (int i = _path.Count - 1; i >= 0; i--)
        {
            if (_path[i].Name is string name)
            {
                return name;
            }
        }

        return "arguments";
    }

    private string CurrentPath(string? leaf)
    {
        var path = new StringBuilder();
        foreach ((string? name, int index) in _path)
        {
            if (name is null)
            {
                path.Append('[').Append(index).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(name);
            }
        }

        if (leaf is not null)
        {
            path.Append(path.Length == 0 ? string.Empty : ".").Append(leaf);
        }

        return path.Length == 0 ? "arguments" : path.ToString();
    }
}

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

    public List<ArgumentProblem> Problems { get; } = [];

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
        scratch._path.Clear();
        scratch.Root = null;
        t_cached = scratch;
    }

    public void Push(string name) => _path.Add((name, -1));

    public void Push(int index) => _path.Add((null, index));

    public void Pop() => _path.RemoveAt(_path.Count - 1);

    public void Add(ArgumentProblemKind kind, SchemaNode? schema, JsonValueKind actual, string? leaf = null, string? detail = null)
    {
        string path = CurrentPath(leaf);
        string name = leaf ?? InnermostName();
        Problems.Add(new ArgumentProblem(path, name, kind, schema, actual, detail));
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

using System.Globalization;
using AgentAirlock.Audit;

namespace AgentAirlock.Cli;

/// <summary>The audit files named on a command line: files in the order given, directories as their rolled files.</summary>
internal static class AuditFiles
{
    /// <summary>The extension of the audit sink's files.</summary>
    public const string Extension = ".jsonl";

    /// <summary>
    /// Expands <paramref name="paths"/>: a directory becomes its <c>*.jsonl</c> files in the order the sink rolls them
    /// in (see <see cref="CompareRollOrder"/>). <c>-</c> stands for standard input.
    /// </summary>
    /// <returns>The files, or <see langword="null"/> with a message when a path does not exist or names nothing to read.</returns>
    public static IReadOnlyList<string>? TryResolve(IReadOnlyList<string> paths, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(paths);
        problem = null;
        if (paths.Count == 0)
        {
            problem = "name at least one audit file or directory.";
            return null;
        }

        var files = new List<string>();
        foreach (string path in paths)
        {
            if (path == "-" || File.Exists(path))
            {
                files.Add(path);
                continue;
            }

            if (!Directory.Exists(path))
            {
                problem = $"{path}: no such file or directory.";
                return null;
            }

            string[] rolled;
            try
            {
                // The pattern alone would also match longer extensions on Windows; the suffix test is exact.
                rolled = Directory.GetFiles(path, "*" + Extension)
                    .Where(f => f.EndsWith(Extension, StringComparison.Ordinal))
                    .ToArray();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problem = $"{path}: {exception.Message}";
                return null;
            }

            if (rolled.Length == 0)
            {
                problem = $"{path}: the directory holds no *{Extension} files.";
                return null;
            }

            Array.Sort(rolled, CompareRollOrder);
            files.AddRange(rolled);
        }

        return files;
    }

    /// <summary>
    /// Orders rolled files: by name without the roll index, ordinally (so by period), then by roll index as a number.
    /// That is the ordinal order of the names (<c>x-20261123.jsonl</c> before <c>x-20261123_001.jsonl</c>) up to
    /// <c>_999</c>, and stays right after it, where the sink's three digits become four.
    /// </summary>
    internal static int CompareRollOrder(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        (string leftStem, long leftIndex) = RollKey(Path.GetFileNameWithoutExtension(left));
        (string rightStem, long rightIndex) = RollKey(Path.GetFileNameWithoutExtension(right));
        int byStem = string.CompareOrdinal(leftStem, rightStem);
        return byStem != 0 ? byStem : leftIndex != rightIndex ? leftIndex.CompareTo(rightIndex) : string.CompareOrdinal(left, right);
    }

    /// <summary>Opens a file for reading, or returns standard input (which the caller must not dispose) for <c>-</c>.</summary>
    public static Stream Open(string path, Stream standardInput) =>
        path == "-" ? standardInput : AuditChainVerifier.OpenRead(path);

    /// <summary>Gets the name an input is reported by.</summary>
    public static string DisplayName(string path) => Inputs.DisplayName(path);

    /// <summary>Describes a read error without a stack trace.</summary>
    public static string Describe(string path, Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"{DisplayName(path)}: no such file.",
        UnauthorizedAccessException => $"{DisplayName(path)}: permission denied.",
        _ => $"{DisplayName(path)}: {exception.Message}",
    };

    /// <summary>Splits <c>name_007</c> into <c>name</c> and 7; a name without a roll index is index 0.</summary>
    private static (string Stem, long Index) RollKey(string name)
    {
        int underscore = name.LastIndexOf('_');
        if (underscore >= 0
            && underscore < name.Length - 1
            && long.TryParse(name.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long index))
        {
            return (name[..underscore], index);
        }

        return (name, 0);
    }

    /// <summary>Gets whether an exception is a read error to report rather than a bug.</summary>
    public static bool IsReadError(Exception exception) => exception is IOException or UnauthorizedAccessException;
}

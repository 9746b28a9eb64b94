namespace AgentAirlock.Cli;

/// <summary>Reads an input whole: a file by path, or standard input for <c>-</c>.</summary>
internal static class Inputs
{
    /// <summary>The name standard input is shown by.</summary>
    public const string StandardInputName = "<stdin>";

    /// <summary>The largest input read; scanning needs the whole text in one array.</summary>
    public const int MaxBytes = 256 * 1024 * 1024;

    /// <summary>Reads the input named <paramref name="path"/>, or returns <see langword="null"/> with a message naming it.</summary>
    public static byte[]? TryRead(string path, Stream standardInput, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(standardInput);
        error = null;
        try
        {
            if (path == "-")
            {
                return ReadStream(standardInput, StandardInputName, out error);
            }

            using FileStream file = File.OpenRead(path);
            if (file.Length > MaxBytes)
            {
                error = $"{path}: the file is larger than {MaxBytes / (1024 * 1024)} MiB.";
                return null;
            }

            return ReadStream(file, path, out error);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // The messages of these exceptions already name the path for file errors; standard input is named here.
            error = path == "-" ? $"{StandardInputName}: {exception.Message}" : $"{path}: {Describe(exception)}";
            return null;
        }
    }

    /// <summary>Gets the name an input is reported by.</summary>
    public static string DisplayName(string path) => path == "-" ? StandardInputName : path;

    private static byte[]? ReadStream(Stream stream, string name, out string? error)
    {
        error = null;
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                error = $"{name}: the input is larger than {MaxBytes / (1024 * 1024)} MiB.";
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Describe(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file.",
        UnauthorizedAccessException => "permission denied (or it is a directory).",
        _ => exception.Message,
    };
}

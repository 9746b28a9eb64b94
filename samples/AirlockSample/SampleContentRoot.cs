namespace AirlockSample;

/// <summary>
/// The sample reads the repository's appsettings.json: from the working directory when it has one (./run.sh
/// starts the sample from the repository root, so edits to the root file are seen live), otherwise the copy
/// next to the program.
/// </summary>
internal static class SampleContentRoot
{
    public static string? Find(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        string current = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(current, "appsettings.json")) ? current : AppContext.BaseDirectory;
    }
}

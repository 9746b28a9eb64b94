namespace AgentAirlock.Benchmarks.Shared;

/// <summary>What the <c>load</c> and <c>redis</c> commands share: parsing their options, and stopping on Ctrl+C.</summary>
internal static class BenchmarkCommand
{
    /// <summary>Parses the options, or writes why they are wrong to stderr and returns <see langword="null"/>.</summary>
    public static async Task<T?> ParseAsync<T>(Func<IReadOnlyList<string>, T> parse, string[] args)
        where T : class
    {
        try
        {
            return parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return null;
        }
    }

    /// <summary>A source that Ctrl+C cancels (instead of ending the process, so that started servers are stopped).</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return cancellation;
    }
}

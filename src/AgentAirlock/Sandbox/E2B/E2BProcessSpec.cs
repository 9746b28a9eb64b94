namespace AgentAirlock.Sandbox.E2B;

/// <summary>The process to start in a sandbox: envd's <c>ProcessConfig</c>.</summary>
internal sealed class E2BProcessSpec
{
    public E2BProcessSpec(string command, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        Command = command;
        Arguments = arguments;
        Environment = environment;
        WorkingDirectory = workingDirectory;
    }

    public string Command { get; }

    public IReadOnlyList<string> Arguments { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string WorkingDirectory { get; }
}

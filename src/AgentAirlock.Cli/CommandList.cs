namespace AgentAirlock.Cli;

/// <summary>The list of commands in a usage text: one line each, name and summary, aligned.</summary>
internal static class CommandList
{
    public static void Write(TextWriter writer, IReadOnlyCollection<ICommand> commands)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(commands);
        int width = commands.Max(c => c.Name.Length) + 4;
        foreach (ICommand command in commands)
        {
            writer.WriteLine($"  {command.Name.PadRight(width)}{command.Summary}");
        }
    }
}

using System.Text;
using AgentAirlock.Cli;

namespace AgentAirlock.Tests.Cli;

/// <summary>Runs the <c>airlock</c> command line in process, with standard input given and both outputs captured.</summary>
internal static class AirlockCommandLine
{
    public static (int Code, string Out, string Err) Airlock(string[] args, string stdin = "")
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Program.Run(args, input, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The non-empty lines of an output, without their line ends.</summary>
    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

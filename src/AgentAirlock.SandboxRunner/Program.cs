using System.Text;

namespace AgentAirlock.SandboxRunner;

/// <summary>
/// Serves exactly one sandboxed tool invocation: the request arrives on stdin, exactly one JSON object leaves on
/// stdout, and the exit code says how it went (0 ok, 1 the tool threw, 2 bad request, 3 out of memory).
/// </summary>
/// <remarks>
/// Synchronous throughout, and nothing is prepared before the request is read that the request may not need: the
/// process serves one call and its start-up is most of a cold call's latency. An asynchronous tool is awaited by
/// blocking (there is no synchronization context, so its continuations run on the thread pool).
/// </remarks>
internal static class Program
{
    private static int Main(string[] args)
    {
        // Whatever the tool prints goes to stderr; stdout carries nothing but the one result object.
        using Stream stdout = Console.OpenStandardOutput();
        var toolOutput = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false))
        {
            AutoFlush = true,
        };
        Console.SetOut(toolOutput);

        // Touched now so that an out-of-memory answer needs no allocation later.
        RunnerResponse outOfMemory = RunnerResponse.OutOfMemory;

        if (Array.IndexOf(args, "--prewarm") >= 0)
        {
            try
            {
                Prewarm.Run();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Warming up is an optimization; the invocation itself must still be served.
                Console.Error.WriteLine(exception);
            }
        }

        RunnerResponse? response;
        try
        {
            using Stream stdin = Console.OpenStandardInput();
            response = Invocation.Run(stdin);
        }
        catch (OutOfMemoryException)
        {
            response = null;
        }

        if (response is null)
        {
            // The tool's allocations are unreachable once its frames are gone; collect them so writing the answer works.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            response = outOfMemory;
        }

        stdout.Write(response.Utf8Json);
        stdout.Flush();
        return response.ExitCode;
    }
}

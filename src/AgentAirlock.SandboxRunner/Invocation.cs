using System.Reflection;

namespace AgentAirlock.SandboxRunner;

/// <summary>One invocation end to end: read the request, load and resolve the tool, bind, invoke, classify.</summary>
internal static class Invocation
{
    /// <summary>
    /// Runs the invocation read from <paramref name="input"/>. Every outcome becomes a response except running out of
    /// memory, which returns <see langword="null"/> so that the caller answers once the tool's allocations are gone.
    /// </summary>
    public static RunnerResponse? Run(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RunnerRequest request;
        Assembly assembly;
        try
        {
            byte[] bytes = RunnerRequest.Read(input);
            request = RunnerRequest.Parse(bytes);
        }
        catch (BadRequestException exception)
        {
            return RunnerResponse.BadRequest(exception.Message);
        }

        using (request)
        {
            try
            {
                assembly = ToolAssemblyLoader.Load(request.AssemblyPath);
            }
            catch (BadRequestException exception)
            {
                return RunnerResponse.BadRequest(exception.Message);
            }

            return Run(request, assembly);
        }
    }

    public static RunnerResponse? Run(RunnerRequest request, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(assembly);
        ToolMethod tool;
        object?[] arguments;
        try
        {
            tool = ToolMethod.Resolve(assembly, request.TypeName, request.MethodName, request.MetadataToken);
            arguments = ArgumentBinder.Bind(tool.Method, request.Arguments);
        }
        catch (BadRequestException exception)
        {
            return RunnerResponse.BadRequest(exception.Message);
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            // A parameter type whose assembly cannot be found: the tool cannot be bound here.
            Console.Error.WriteLine(exception);
            return RunnerResponse.BadRequest($"The tool method could not be bound: {exception.GetType().FullName}.");
        }
        catch (Exception exception) when (!IsOutOfMemory(exception))
        {
            // The tool's own code ran while binding (a constructor or setter of an argument type) and threw.
            Console.Error.WriteLine(exception);
            return RunnerResponse.ToolFailed(exception);
        }
        catch (Exception)
        {
            return null;
        }

        try
        {
            object? value = ToolInvoker.Invoke(tool, arguments);
            arguments = [];
            return RunnerResponse.Success(value);
        }
        catch (Exception exception) when (!IsOutOfMemory(exception))
        {
            Console.Error.WriteLine(exception);
            return RunnerResponse.ToolFailed(exception);
        }
        catch (Exception)
        {
            // Out of memory, possibly wrapped by the tool (in an aggregate or as an inner exception). Nothing of the
            // tool's is kept past this point.
            arguments = [];
            return null;
        }
    }

    private static bool IsOutOfMemory(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is OutOfMemoryException)
            {
                return true;
            }

            if (current is AggregateException aggregate && AnyOutOfMemory(aggregate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyOutOfMemory(AggregateException aggregate)
    {
        foreach (Exception inner in aggregate.InnerExceptions)
        {
            if (IsOutOfMemory(inner))
            {
                return true;
            }
        }

        return false;
    }
}

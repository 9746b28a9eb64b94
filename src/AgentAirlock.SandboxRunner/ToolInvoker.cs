using System.Reflection;
using System.Runtime.ExceptionServices;

namespace AgentAirlock.SandboxRunner;

/// <summary>Invokes the tool method and waits for what it returns, surfacing the tool's own exceptions unwrapped.</summary>
/// <remarks>
/// Waiting blocks the runner's only caller, which has nothing else to do; a console process has no synchronization
/// context, so the tool's continuations run on the thread pool, which only a tool that really is asynchronous starts.
/// </remarks>
internal static class ToolInvoker
{
    public static object? Invoke(ToolMethod tool, object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        object? target = tool.Method.IsStatic ? null : CreateTarget(tool.DeclaringType);
        try
        {
            object? returned = Call(tool.Method, target, arguments);
            return Wait(tool.Method.ReturnType, returned);
        }
        finally
        {
            if (target is IAsyncDisposable asyncDisposable)
            {
                asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            else if (target is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static object CreateTarget(Type type)
    {
        try
        {
            return Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }

    private static object? Call(MethodInfo method, object? target, object?[] arguments)
    {
        try
        {
            return method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }

    /// <summary>Waits for Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt; by the declared return type, as the SDK awaits them.</summary>
    private static object? Wait(Type returnType, object? returned)
    {
        if (returnType == typeof(void))
        {
            return null;
        }

        if (returnType == typeof(Task))
        {
            NotNull<Task>(returned).GetAwaiter().GetResult();
            return null;
        }

        if (returnType == typeof(ValueTask))
        {
            NotNull<ValueTask>(returned).AsTask().GetAwaiter().GetResult();
            return null;
        }

        if (returnType.IsGenericType)
        {
            Type definition = returnType.GetGenericTypeDefinition();
            if (definition == typeof(Task<>))
            {
                Task task = NotNull<Task>(returned);
                task.GetAwaiter().GetResult();
                return returnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            }

            if (definition == typeof(ValueTask<>))
            {
                object valueTask = NotNull<object>(returned);
                var task = (Task)returnType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(valueTask, null)!;
                task.GetAwaiter().GetResult();
                Type taskOfResult = typeof(Task<>).MakeGenericType(returnType.GenericTypeArguments[0]);
                return taskOfResult.GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            }
        }

        return returned;
    }

    private static T NotNull<T>(object? returned) =>
        returned is T value ? value : throw new InvalidOperationException("Function returned null unexpectedly.");
}

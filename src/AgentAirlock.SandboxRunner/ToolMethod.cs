using System.Reflection;

namespace AgentAirlock.SandboxRunner;

/// <summary>The tool method the request names, checked to be one the runner may invoke.</summary>
internal sealed class ToolMethod
{
    private ToolMethod(Type declaringType, MethodInfo method)
    {
        DeclaringType = declaringType;
        Method = method;
    }

    public Type DeclaringType { get; }

    public MethodInfo Method { get; }

    /// <summary>
    /// Resolves the method by metadata token on the type's module (the token tells overloads apart) and checks that it
    /// is the method the request names: same name, declared by the named type, public, and static or on a type the
    /// runner can construct without services.
    /// </summary>
    public static ToolMethod Resolve(Assembly assembly, string typeName, string methodName, int metadataToken)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type? type;
        try
        {
            type = assembly.GetType(typeName, throwOnError: false);
        }
        catch (Exception exception) when (exception is ArgumentException or FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new BadRequestException($"The type {typeName} could not be loaded from the tool assembly.", exception);
        }

        if (type is null)
        {
            throw new BadRequestException($"The tool assembly has no type {typeName}.");
        }

        if (type.ContainsGenericParameters)
        {
            throw new BadRequestException($"The type {typeName} is an open generic type.");
        }

        MethodBase? resolved;
        try
        {
            resolved = type.Module.ResolveMethod(metadataToken);
        }
        catch (ArgumentException exception)
        {
            throw new BadRequestException($"The metadata token does not name a method of {typeName}.", exception);
        }

        if (resolved is not MethodInfo method ||
            !string.Equals(method.Name, methodName, StringComparison.Ordinal) ||
            method.DeclaringType != type)
        {
            throw new BadRequestException($"The metadata token does not name the method {typeName}.{methodName}.");
        }

        if (!method.IsPublic)
        {
            throw new BadRequestException($"The method {typeName}.{methodName} is not public.");
        }

        if (method.ContainsGenericParameters || method.IsAbstract)
        {
            throw new BadRequestException($"The method {typeName}.{methodName} is generic or abstract.");
        }

        if (!method.IsStatic && !IsConstructible(type))
        {
            throw new BadRequestException(
                $"The method {typeName}.{methodName} is an instance method of a type without a public parameterless constructor.");
        }

        return new ToolMethod(type, method);
    }

    private static bool IsConstructible(Type type) =>
        !type.IsAbstract &&
        !type.IsInterface &&
        (type.IsValueType || type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null);
}

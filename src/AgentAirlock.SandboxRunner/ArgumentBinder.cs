using System.Collections;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace AgentAirlock.SandboxRunner;

/// <summary>
/// Binds the tool method's parameters the way the SDK does (by name, from the JSON arguments, with the SDK's
/// serializer options), except that nothing comes from the server's services: the sandbox has none.
/// </summary>
internal static class ArgumentBinder
{
    public static object?[] Bind(MethodInfo method, JsonElement arguments)
    {
        ArgumentNullException.ThrowIfNull(method);
        ParameterInfo[] parameters = method.GetParameters();
        object?[] values = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            values[i] = BindOne(parameters[i], arguments);
        }

        return values;
    }

    private static object? BindOne(ParameterInfo parameter, JsonElement arguments)
    {
        string name = parameter.Name ?? throw new BadRequestException("The tool method has a parameter without a name.");
        Type type = parameter.ParameterType;
        if (type.IsByRef || type.IsPointer)
        {
            throw new BadRequestException($"The parameter '{name}' is passed by reference, which a tool cannot have.");
        }

        if (!IsPlainValue(type) && TryBindFromContext(parameter, name, out object? fromContext))
        {
            return fromContext;
        }

        if (arguments.TryGetProperty(name, out JsonElement value))
        {
            return Deserialize(name, type, value);
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        if (LooksLikeService(type))
        {
            throw ServicesUnavailable(name, type);
        }

        throw new BadRequestException($"The required argument '{name}' is missing.");
    }

    /// <summary>
    /// The parameters the SDK fills from the call rather than the arguments. Kept apart from <see cref="BindOne"/> so
    /// that binding plain values does not load the SDK's assemblies, which compiling these type tests would.
    /// </summary>
    private static bool TryBindFromContext(ParameterInfo parameter, string name, out object? value)
    {
        Type type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            // The host enforces deadlines by killing the process, so the tool's token is never cancelled.
            value = CancellationToken.None;
            return true;
        }

        if (type == typeof(IProgress<ProgressNotificationValue>))
        {
            value = NoProgress.Instance;
            return true;
        }

        if (IsServerService(parameter))
        {
            throw ServicesUnavailable(name, type);
        }

        value = null;
        return false;
    }

    private static bool IsPlainValue(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(JsonElement);

    private static object? Deserialize(string name, Type type, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                throw new BadRequestException($"The argument '{name}' is null, which {type.FullName} cannot hold.");
            }

            return null;
        }

        if (TryReadPlainValue(type, value, out object? plain))
        {
            return plain;
        }

        return DeserializeAsTheSdkDoes(name, type, value);
    }

    /// <summary>Apart from <see cref="Deserialize"/>, so that compiling that does not load the SDK for plain values.</summary>
    private static object? DeserializeAsTheSdkDoes(string name, Type type, JsonElement value)
    {
        try
        {
            JsonTypeInfo typeInfo = McpJsonUtilities.DefaultOptions.GetTypeInfo(type);
            return value.Deserialize(typeInfo);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The serializer's message can quote the offending value; only the parameter and its type are reported.
            throw new BadRequestException($"The argument '{name}' is not a valid {type.FullName}.", exception);
        }
    }

    /// <summary>The parameters the SDK (or the AI function factory under it) always fills from the request's services.</summary>
    /// <summary>
    /// Reads the common plain values (a JSON string into a string, a JSON number into a number, true/false, any element)
    /// without the SDK's serializer options, which cost a cold runner tens of milliseconds to build. The serializer reads
    /// these the same way; anything else (a numeric string, a fraction for an integer) takes the serializer's path, so its
    /// rules and errors stay the SDK's.
    /// </summary>
    private static bool TryReadPlainValue(Type type, JsonElement value, out object? result)
    {
        result = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String when type == typeof(string):
                result = value.GetString();
                return true;
            case JsonValueKind.True or JsonValueKind.False when type == typeof(bool):
                result = value.GetBoolean();
                return true;
            case JsonValueKind.Number when type == typeof(int) && value.TryGetInt32(out int int32):
                result = int32;
                return true;
            case JsonValueKind.Number when type == typeof(long) && value.TryGetInt64(out long int64):
                result = int64;
                return true;
            case JsonValueKind.Number when type == typeof(double) && value.TryGetDouble(out double number):
                result = number;
                return true;
            case not JsonValueKind.Undefined when type == typeof(JsonElement):
                result = value.Clone();
                return true;
            default:
                return false;
        }
    }

    private static bool IsServerService(ParameterInfo parameter)
    {
        Type type = parameter.ParameterType;
        return type == typeof(IServiceProvider) ||
            type == typeof(ClaimsPrincipal) ||
            typeof(McpSession).IsAssignableFrom(type) ||
            typeof(AIFunctionArguments).IsAssignableFrom(type) ||
            (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RequestContext<>)) ||
            parameter.CustomAttributes.Any(static a => a.AttributeType.Name is nameof(FromKeyedServicesAttribute) or "FromServicesAttribute");
    }

    /// <summary>
    /// A missing argument of an interface or abstract type that JSON cannot produce is, in practice, a service the SDK
    /// would have taken from dependency injection (a logger, an HTTP client factory, a repository).
    /// </summary>
    private static bool LooksLikeService(Type type) =>
        (type.IsInterface || type.IsAbstract) &&
        !typeof(IEnumerable).IsAssignableFrom(type) &&
        !typeof(JsonNode).IsAssignableFrom(type);

    private static BadRequestException ServicesUnavailable(string name, Type type) =>
        new($"The parameter '{name}' ({type.FullName}) is filled from the server's services, which are not available in the sandbox.");
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using AgentAirlock.Validation;
using ModelContextProtocol;

namespace AgentAirlock.Tests.Validation;

/// <summary>
/// Binding property: for generated arguments against real .NET tool signatures, whenever Airlock accepts a call, the
/// SDK reads every argument as Airlock checked it: <see cref="JsonSerializer"/> binds it to the parameter type with the
/// SDK's options, numbers bind to the very value that was sent, and the parameter's validation attributes hold.
/// </summary>
public sealed class AcceptedArgumentsBindInTheSdk
{
    private const int Seed = 424_242;
    private const int CallsPerTool = 2500;

#pragma warning disable IDE0060
    public static class BindingTools
    {
        public static void Integers(byte b, ushort us, short s, sbyte sb, int i, uint ui, long l, ulong ul, int? maybe = null) { }

        public static void Reals(float f, double d, decimal m, double? maybe = null) { }

        public static void Texts(string text, char letter, bool flag, string? note = null) { }

        public static void Formats(Guid id, DateTime when, DateTimeOffset at, Uri link, DateOnly day, TimeOnly time, TimeSpan span, Color color, Color? shade = null) { }

        public static void Shapes(int[] ids, List<string> tags, Dictionary<string, int> counts, Address address, TreeNode tree) { }

        public static void Annotated(
            [Range(1, 50)] int limit,
            [Range(0.5, 9.5)] double ratio,
            [Range(0.0, 10.0, MinimumIsExclusive = true)] double positive,
            [StringLength(5, MinimumLength = 2)] string code,
            [RegularExpression("[a-z]+")] string word,
            [EmailAddress] string email,
            [MinLength(1), MaxLength(3)] string[] items)
        {
        }
    }
#pragma warning restore IDE0060

    private static readonly string[] NumberPool =
    [
        "0", "1", "-1", "5", "-0", "127", "128", "-128", "-129", "255", "256", "32767", "32768", "-32769", "65535", "65536",
        "2147483647", "2147483648", "-2147483649", "3000000000", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "1.5", "5.0", "5e0",
        "1e2", "1E+2", "-0.0", "0.1", "0.5", "9.5", "9.50000001", "3.4e38", "3.5e38", "1.7976931348623157e308", "1e309",
        "79228162514264337593543950335", "79228162514264337593543950336", "1e-400", "0.30000000000000001",
        "123456789.123456789", "1e28", "1e29",
    ];

    private static readonly string[] StringPool =
    [
        "\"\"", "\"a\"", "\"ab\"", "\"abc\"", "\"abcde\"", "\"abcdef\"", "\"ABC\"", "\"abc1\"", "\"😀\"", "\"é\"", "\"\\ud800\"",
        "\"a\\udfff\"", "\"\\u0000\"", "\"5\"", "\"-5\"", "\" 5\"", "\"5 \"", "\"\\n5\"", "\"1e2\"", "\"5.0\"", "\"0x10\"", "\"\\u0035\"",
        "\"3000000000\"", "\"255\"", "\"256\"", "\"NaN\"", "\"Infinity\"", "\"true\"", "\"Red\"", "\"red\"", "\"Green\"", "\"1\"",
        "\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"", "\"{3fa85f64-5717-4562-b3fc-2c963f66afa6}\"", "\"3fa85f645717-4562-b3fc-2c963f66afa6\"",
        "\"2025-01-31T09:30:00Z\"", "\"2025-01-31T09:30:00+01:00\"", "\"2025-01-31\"", "\"2025-13-01T00:00:00Z\"", "\"2025-01-31T24:00:00\"",
        "\"09:30:00\"", "\"00:30:00\"", "\"1.00:00:00\"", "\"-00:00:01\"", "\"12:00\"", "\"25:00:00\"", "\"2025-02-30\"",
        "\"https://example.com/\"", "\"relative/path\"", "\"not a uri\"", "\"mailto:a@b.c\"", "\"user@example.com\"", "\"a@b@c\"",
        "\"@example.com\"", "\"user@\"", "\"x@y\"",
    ];

    private static readonly string[] OtherPool =
    [
        "null", "true", "false", "[]", "[1]", "[1,2,3]", "[1,2,3,4]", "[\"a\"]", "[\"a\",\"b\"]", "[1,\"2\"]", "[1.5]", "[null]",
        "{}", "{\"a\":1}", "{\"a\":\"1\"}", "{\"a\":1.5}", "{\"a\":3000000000}", "{\"street\":\"Main\",\"zip\":5}",
        "{\"street\":\"Main\",\"zip\":\"5\"}", "{\"street\":\"Main\",\"zip\":5,\"geo\":{\"lat\":1.5,\"lon\":2}}",
        "{\"street\":\"Main\",\"zip\":5,\"geo\":{\"lat\":\"1.5\",\"lon\":2}}", "{\"street\":null,\"zip\":5}",
        "{\"name\":\"n\"}", "{\"name\":\"n\",\"children\":[]}", "{\"name\":\"n\",\"children\":[{\"name\":\"m\",\"children\":null}]}",
        "{\"name\":\"n\",\"children\":[{\"name\":5}]}", "{\"name\":\"\\ud800\"}", "{\"a\":\"\\ud800\"}", "[\"\\ud800\"]",
    ];

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (MethodInfo method in typeof(BindingTools).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            data.Add(method.Name, true);
            data.Add(method.Name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_accepted_call_binds_to_the_same_values_in_the_sdk(string tool, bool strictTypes)
    {
        MethodInfo method = typeof(BindingTools).GetMethod(tool, BindingFlags.Public | BindingFlags.Static)!;
        using ToolSchema schema = ToolSchema.For(method);
        Assert.Null(schema.Compiled.Error);
        ParameterInfo[] parameters = method.GetParameters();
        var random = new Random(HashCode.Combine(Seed, tool.Length, tool[0], strictTypes));
        // One example per kind of failure (parameter and what went wrong), so that one frequent failure hides no other.
        var failures = new SortedDictionary<string, string>(StringComparer.Ordinal);
        int failureCount = 0;
        int accepted = 0;

        for (int call = 0; call < CallsPerTool; call++)
        {
            string json = Generate(parameters, random, strictTypes);
            using JsonDocument document = JsonDocument.Parse(json);
            List<ArgumentProblem> problems;
            try
            {
                problems = schema.Check(document.RootElement, strictTypes);
            }
            catch (Exception exception) when (exception is InvalidCastException or InvalidOperationException or OverflowException or FormatException)
            {
                failureCount++;
                failures.TryAdd("Airlock throws " + exception.GetType().Name, $"{json}\n    Airlock threw {exception.GetType().Name}: {exception.Message}");
                continue;
            }

            if (problems.Count > 0)
            {
                continue;
            }

            accepted++;
            foreach (ParameterInfo parameter in parameters)
            {
                if (document.RootElement.TryGetProperty(parameter.Name!, out JsonElement value)
                    && Problem(parameter, value) is string problem)
                {
                    failureCount++;
                    failures.TryAdd(parameter.Name + ": " + Category(problem), $"{json}\n    {parameter.Name} ({parameter.ParameterType.Name}): {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0,
            $"{failureCount} accepted arguments are read differently by the SDK (or make Airlock throw); one example of each kind:\n" + string.Join("\n", failures.Values.Take(20)));
        Assert.True(accepted >= CallsPerTool / 20, $"Only {accepted} of {CallsPerTool} generated calls were accepted: the generator no longer exercises acceptance.");
    }

    private static string Category(string problem) =>
        problem.Contains(" violates ", StringComparison.Ordinal) ? problem[problem.IndexOf(" violates ", StringComparison.Ordinal)..]
        : problem.StartsWith("sent ", StringComparison.Ordinal) ? "binds another number"
        : "cannot bind";

    /// <summary>What the SDK does with an accepted argument that Airlock did not check for, or <see langword="null"/>.</summary>
    private static string? Problem(ParameterInfo parameter, JsonElement value)
    {
        object? bound;
        try
        {
            bound = value.Deserialize(parameter.ParameterType, McpJsonUtilities.DefaultOptions);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return $"the SDK cannot bind {value.GetRawText()}: {exception.GetType().Name}: {exception.Message}";
        }

        if (SameNumber(bound, value) is string numberProblem)
        {
            return numberProblem;
        }

        foreach (ValidationAttribute attribute in parameter.GetCustomAttributes<ValidationAttribute>())
        {
            bool valid;
            try
            {
                valid = attribute.IsValid(bound);
            }
            catch (Exception exception) when (exception is OverflowException or InvalidCastException or FormatException)
            {
                valid = false;
            }

            if (!valid)
            {
                return $"{value.GetRawText()} violates [{attribute.GetType().Name.Replace("Attribute", string.Empty, StringComparison.Ordinal)}]";
            }
        }

        return null;
    }

    /// <summary>A bound number must be the number that was sent (or, with loose types, written in the string that was sent).</summary>
    private static string? SameNumber(object? bound, JsonElement value)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        if (text is null || bound is null)
        {
            return null;
        }

        const NumberStyles Style = NumberStyles.Float;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        switch (bound)
        {
            case byte or ushort or short or sbyte or int or uint or long or ulong:
                BigInteger expected = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, invariant);
                BigInteger actual = BigInteger.Parse(Convert.ToString(bound, invariant)!, invariant);
                return expected == actual ? null : $"sent {text}, bound {actual}";
            case decimal m:
                return decimal.Parse(text, Style, invariant) == m ? null : $"sent {text}, bound {m}";
            case double d:
                return double.Parse(text, Style, invariant) == d && double.IsFinite(d) ? null : $"sent {text}, bound {d}";
            case float f:
                return float.Parse(text, Style, invariant) == f && float.IsFinite(f) ? null : $"sent {text}, bound {f}";
            default:
                return null;
        }
    }

    /// <summary>The arguments as JSON text (built by hand: some pool values, like lone surrogates, cannot pass through JsonNode).</summary>
    private static string Generate(ParameterInfo[] parameters, Random random, bool strictTypes)
    {
        var arguments = new List<string>();
        foreach (ParameterInfo parameter in parameters)
        {
            if (random.NextDouble() < (parameter.HasDefaultValue ? 0.3 : 0.01))
            {
                continue;
            }

            // Mostly values that should pass, so that accepted calls are common and every parameter is exercised with the
            // odd values of its own shape; sometimes anything at all.
            double r = random.NextDouble();
            string[] pool = r < 0.78 ? ValidFor(parameter, strictTypes) : r < 0.95 ? PoolFor(parameter.ParameterType) : [.. NumberPool, .. StringPool, .. OtherPool];
            arguments.Add($"\"{parameter.Name}\":{pool[random.Next(pool.Length)]}");
        }

        if (random.NextDouble() < 0.02)
        {
            arguments.Add("\"ghost\":1");
        }

        return "{" + string.Join(",", arguments) + "}";
    }

    /// <summary>Values meant to be accepted for the parameter (some of them only with loose types).</summary>
    private static string[] ValidFor(ParameterInfo parameter, bool strictTypes)
    {
        string[] values = ValidFor(parameter);
        Type core = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        bool numeric = (core.IsPrimitive && core != typeof(bool) && core != typeof(char)) || core == typeof(decimal);
        return strictTypes && numeric ? [.. values.Where(v => !v.StartsWith('"'))] : values;
    }

    private static string[] ValidFor(ParameterInfo parameter)
    {
        switch (parameter.Name)
        {
            case "limit":
                return ["1", "5", "50", "\"7\"", "25"];
            case "ratio":
                return ["0.5", "1", "9.5", "2.25", "\"3.5\"", "5e0"];
            case "positive":
                return ["0", "0.0", "0.001", "10", "5", "\"1\""];
            case "code":
                return ["\"ab\"", "\"abcde\"", "\"😀\"", "\"é\u00e9\""];
            case "word":
                return ["\"abc\"", "\"z\"", "\"\u0061bc\""];
            case "email":
                return ["\"user@example.com\"", "\"a.b@c.org\""];
            case "items":
                return ["[\"a\"]", "[\"a\",\"b\",\"c\"]"];
        }

        Type type = parameter.ParameterType;
        Type core = Nullable.GetUnderlyingType(type) ?? type;
        string[] values = core switch
        {
            _ when core == typeof(byte) => ["0", "7", "255", "\"12\""],
            _ when core == typeof(sbyte) => ["-128", "0", "127", "\"-3\""],
            _ when core == typeof(short) => ["-32768", "300", "32767", "\"-300\""],
            _ when core == typeof(ushort) => ["0", "40000", "65535", "\"65535\""],
            _ when core == typeof(int) => ["-2147483648", "0", "2147483647", "42", "\"42\"", "-0"],
            _ when core == typeof(uint) => ["0", "4294967295", "3000000000", "\"7\""],
            _ when core == typeof(long) => ["-9223372036854775808", "9223372036854775807", "3000000000", "\"-5\""],
            _ when core == typeof(ulong) => ["0", "18446744073709551615", "\"18446744073709551615\""],
            _ when core == typeof(float) => ["0", "1.5", "-2.25", "3.4e38", "1e-50", "\"0.5\"", "16777217"],
            _ when core == typeof(double) => ["0", "0.1", "-1e300", "1.7976931348623157e308", "5e-324", "\"2.5\"", "9007199254740993"],
            _ when core == typeof(decimal) => ["0", "0.1", "79228162514264337593543950335", "1e28", "0.0000000000000000000000000001", "\"1.25\"", "0.30000000000000001"],
            _ when core == typeof(string) => ["\"\"", "\"text\"", "\"grüße 😀\"", "\"\\\"quoted\\\"\"", "\"\\u0000\""],
            _ when core == typeof(char) => ["\"a\"", "\"é\"", "\"\\n\""],
            _ when core == typeof(bool) => ["true", "false"],
            _ when core == typeof(Guid) => ["\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"", "\"3FA85F64-5717-4562-B3FC-2C963F66AFA6\""],
            _ when core == typeof(DateTime) || core == typeof(DateTimeOffset) => ["\"2025-01-31T09:30:00Z\"", "\"2025-01-31T09:30:00.1234567+01:00\"", "\"2025-01-31T09:30:00\""],
            _ when core == typeof(Uri) => ["\"https://example.com/\"", "\"urn:isbn:0451450523\"", "\"mailto:a@b.c\""],
            _ when core == typeof(DateOnly) => ["\"2025-01-31\"", "\"2024-02-29\""],
            _ when core == typeof(TimeOnly) => ["\"09:30:00\"", "\"23:59:59.9999999\""],
            _ when core == typeof(TimeSpan) => ["\"00:30:00\"", "\"1.02:03:04\"", "\"-00:00:01.5\""],
            _ when core == typeof(Color) => ["\"Red\"", "\"Green\"", "\"Blue\""],
            _ when core == typeof(int[]) => ["[]", "[1,2,3]"],
            _ when core == typeof(List<string>) => ["[]", "[\"a\",\"b\"]"],
            _ when core == typeof(Dictionary<string, int>) => ["{}", "{\"a\":1,\"B\":-2}"],
            _ when core == typeof(Address) => ["{\"street\":\"Main\",\"zip\":5}", "{\"street\":\"Main\",\"zip\":5,\"geo\":{\"lat\":1.5,\"lon\":-2}}", "{}"],
            _ when core == typeof(TreeNode) => ["{\"name\":\"n\"}", "{\"name\":\"n\",\"children\":[{\"name\":\"m\",\"children\":null}]}"],
            _ => ["null"],
        };
        return Nullable.GetUnderlyingType(type) is null && !(type == typeof(string) && parameter.HasDefaultValue) ? values : [.. values, "null"];
    }

    private static string[] PoolFor(Type type)
    {
        Type core = Nullable.GetUnderlyingType(type) ?? type;
        if (core.IsPrimitive && core != typeof(bool) && core != typeof(char) || core == typeof(decimal))
        {
            return [.. NumberPool, .. NumberPool, .. StringPool.Where(s => s.Length < 16)];
        }

        if (core == typeof(bool))
        {
            return ["true", "false", "\"true\"", "1", "null"];
        }

        return core.IsArray || core.IsGenericType || core == typeof(Address) || core == typeof(TreeNode)
            ? OtherPool
            : StringPool;
    }
}

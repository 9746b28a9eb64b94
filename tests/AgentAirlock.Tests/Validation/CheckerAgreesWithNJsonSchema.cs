using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentAirlock.Validation;
using NJsonSchema.Validation;

namespace AgentAirlock.Tests.Validation;

/// <summary>
/// Differential property: over many generated schemas (the keywords the compiled checker covers) and many generated
/// inputs (valid ones and near misses), the compiled checker and NJsonSchema on the effective schema give the same
/// verdict. Seeded, so a failure reproduces.
/// </summary>
/// <remarks>
/// The generator stays inside JSON Schema semantics both validators share, and away from NJsonSchema's known
/// deviations from the specification, which would make the test fail for NJsonSchema's sake:
/// <list type="bullet">
/// <item>enums are of strings (NJsonSchema compares enum members through <c>ToString()</c>, so <c>true</c> matches "True"
/// and <c>null</c> matches ""): no numeric enums, and enums live on typed schemas;</item>
/// <item>a nullable type with an enum lists <c>null</c> in the enum (NJsonSchema skips the enum for null values; the
/// SDK's own schemas for nullable enums list null);</item>
/// <item>unique items only over items of one scalar type (NJsonSchema compares items through <c>ToString()</c>);</item>
/// <item><c>maxItems</c> is at least 1 (NJsonSchema ignores <c>maxItems: 0</c>);</item>
/// <item>objects with members always say <c>"type": "object"</c> (NJsonSchema applies <c>required</c> to non-objects),
/// and only <c>object</c> or <c>object</c>|<c>null</c>;</item>
/// <item>numbers have at most 15 significant digits (NJsonSchema reads JSON numbers as doubles), and integers fit a
/// long (NJsonSchema throws InvalidCastException on larger ones: see UncoveredKeywordsAreCheckedByTheFullValidator).</item>
/// </list>
/// </remarks>
public sealed class CheckerAgreesWithNJsonSchema
{
    private const int Seed = 20_250_131;
    private const int SchemaCount = 500;
    private const int InputsPerSchema = 14;

    [Fact]
    public async Task The_compiled_checker_and_NJsonSchema_agree_on_every_generated_case()
    {
        var random = new Random(Seed);
        var disagreements = new List<string>();
        int cases = 0, validCases = 0;
        for (int i = 0; i < SchemaCount; i++)
        {
            var generator = new CaseGenerator(random);
            JsonObject schemaNode = generator.RootSchema();
            string schemaJson = schemaNode.ToJsonString();
            using ToolSchema ours = ToolSchema.FromJson(schemaJson);
            Assert.True(ours.Compiled.Error is null, $"{schemaJson}: {ours.Compiled.Error}");
            Assert.True(!ours.Compiled.NeedsFullValidation, $"{schemaJson} uses uncovered keywords: {string.Join(", ", ours.Compiled.UncoveredKeywords)}");
            NJsonSchema.JsonSchema theirs = await NJsonSchema.JsonSchema.FromJsonAsync(SchemaCompiler.EffectiveSchemaJson(ours.InputSchema));

            for (int j = 0; j < InputsPerSchema; j++)
            {
                string input = generator.Value(schemaNode, mutationRate: j == 0 ? 0 : 0.12, depth: 0)?.ToJsonString() ?? "null";
                List<ArgumentProblem> ourProblems = ours.Check(input);
                ICollection<ValidationError> theirErrors = theirs.Validate(input);
                cases++;
                bool ourVerdict = ourProblems.Count == 0;
                if (ourVerdict)
                {
                    validCases++;
                }

                if (ourVerdict != (theirErrors.Count == 0))
                {
                    disagreements.Add(
                        $"schema {schemaJson}\n  input {input}\n  Airlock: {(ourVerdict ? "valid" : ToolSchema.Describe(ourProblems))}\n  NJsonSchema: {(theirErrors.Count == 0 ? "valid" : string.Join("; ", theirErrors.Select(e => e.ToString())))}");
                }
            }
        }

        Assert.True(disagreements.Count == 0,
            $"{disagreements.Count} of {cases} cases disagree; the shortest ones:\n" + string.Join("\n", disagreements.OrderBy(d => d.Length).Take(6)));

        // The generator must exercise both verdicts, or agreement means little.
        Assert.InRange(validCases, cases / 5, cases * 4 / 5);
    }

    [Theory]
    [InlineData("""{"x":{"type":"integer"}}""", """{"x":5.0}""")]
    [InlineData("""{"x":{"type":"integer"}}""", """{"x":5e0}""")]
    [InlineData("""{"x":{"type":"integer"}}""", """{"x":9223372036854775807}""")]
    [InlineData("""{"x":{"type":"string","maxLength":2}}""", """{"x":"😀"}""")]
    [InlineData("""{"x":{"type":"string","minLength":2}}""", """{"x":"😀"}""")]
    [InlineData("""{"x":{"type":"number","multipleOf":0.1}}""", """{"x":0.3}""")]
    [InlineData("""{"x":{"type":["integer","null"],"minimum":1}}""", """{"x":null}""")]
    [InlineData("""{"x":{"type":"object","properties":{"y":{"type":"integer"}}}}""", """{"x":{"y":1,"z":2}}""")]
    [InlineData("""{"x":{"type":"object"}}""", """{"x":{"z":2}}""")]
    [InlineData("""{"x":{"type":"array","items":{"type":"string"},"uniqueItems":true}}""", """{"x":["a","\u0061"]}""")]
    [InlineData("""{"x":{"type":"object","properties":{"a":{}},"required":["b"]}}""", """{"x":{"a":1,"b":2}}""")]
    [InlineData("""{"x":{"type":"object","properties":{"a":{}},"required":["b"]}}""", """{"x":{"a":1}}""")]
    [InlineData("""{"x":{"type":"object","properties":{"a":{}},"required":["b"],"additionalProperties":{"type":"integer"}}}""", """{"x":{"a":1,"b":"s"}}""")]
    public async Task Known_edge_cases_get_the_same_verdict(string properties, string input)
    {
        string schemaJson = """{"type":"object","properties":""" + properties + "}";
        using ToolSchema ours = ToolSchema.FromJson(schemaJson);
        NJsonSchema.JsonSchema theirs = await NJsonSchema.JsonSchema.FromJsonAsync(SchemaCompiler.EffectiveSchemaJson(ours.InputSchema));

        Assert.Equal(theirs.Validate(input).Count == 0, ours.Accepts(input));
    }

    /// <summary>Generates schemas from the covered keywords, and inputs near them.</summary>
    private sealed class CaseGenerator(Random random)
    {
        private static readonly string[] Names = ["a", "b", "id", "name", "Ab", "n_1", "x"];
        private static readonly string[] EnumWords = ["red", "green", "blue", "Red", "é", "a b", ""];
        private static readonly string[] Patterns = ["^[a-z]+$", "[0-9]", "^a", "b$", "^[A-Z][a-z]*$", "x|y", "^.{2,3}$", "é"];
        private static readonly string[] Strings = ["", "a", "ab", "abc", "abcd", "ABC", "Abc", "a1", "123", "x", "y", "xyz", "b", "é", "😀", "a😀", "hello world", "abc\n", "red", "green", "Red", "blue", "a b"];
        private static readonly string[] NumberBounds = ["-2.5", "-1", "0", "0.5", "1.25", "3", "10", "100"];
        private static readonly string[] NumberSteps = ["0.5", "0.25", "0.1", "2.5", "3"];
        private static readonly string[] StrangeNumbers = ["0", "-0", "1", "-1", "5.0", "5e0", "1E2", "2.5", "0.1", "1e20", "9223372036854775807", "-9223372036854775808", "1e-7", "3.0000001"];
        private static readonly string[] Others = ["null", "true", "false", "\"\"", "\"5\"", "\"x\"", "[]", "[1]", "{}", "{\"a\":1}", "0", "2.5"];
        private static readonly string[] ScalarTypes = ["integer", "number", "string", "boolean"];

        private bool Chance(double p) => random.NextDouble() < p;

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        public JsonObject RootSchema()
        {
            JsonObject root = ObjectSchema(depth: 0, minMembers: 1);
            root["type"] = "object";
            return root;
        }

        private JsonObject ObjectSchema(int depth, int minMembers = 0)
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            int count = random.Next(minMembers, 4);
            foreach (string name in Names.OrderBy(_ => random.Next()).Take(count))
            {
                properties[name] = Schema(depth + 1);
                if (Chance(0.6))
                {
                    required.Add(name);
                }
            }

            if (Chance(0.08))
            {
                // A required name without a property schema: declared, with any value.
                string extra = Pick(Names);
                if (!properties.ContainsKey(extra))
                {
                    required.Add(extra);
                }
            }

            var schema = new JsonObject { ["type"] = Chance(0.2) && depth > 0 ? new JsonArray("object", "null") : "object", ["properties"] = properties };
            if (required.Count > 0)
            {
                schema["required"] = required;
            }

            if (depth > 0 && Chance(0.1))
            {
                schema["additionalProperties"] = Chance(0.5) ? new JsonObject { ["type"] = "integer" } : JsonValue.Create(Chance(0.5));
            }

            return schema;
        }

        private JsonObject Schema(int depth)
        {
            int kind = random.Next(depth >= 3 ? 7 : 9);
            JsonObject schema = kind switch
            {
                0 => IntegerSchema(),
                1 => NumberSchema(),
                2 => StringSchema(),
                3 => new JsonObject { ["type"] = "boolean" },
                4 => EnumSchema(),
                5 => UnionSchema(),
                6 => Chance(0.5) ? [] : new JsonObject { ["description"] = "anything" },
                7 => ArraySchema(depth),
                _ => ObjectSchema(depth),
            };
            if (kind is >= 0 and <= 3 && Chance(0.25))
            {
                schema["type"] = new JsonArray(schema["type"]!.GetValue<string>(), "null");
            }

            return schema;
        }

        private JsonObject IntegerSchema()
        {
            var schema = new JsonObject { ["type"] = "integer" };
            int low = random.Next(-5, 6);
            AddBounds(schema, low.ToString(CultureInfo.InvariantCulture), (low + random.Next(0, 12)).ToString(CultureInfo.InvariantCulture));
            if (Chance(0.2))
            {
                schema["multipleOf"] = random.Next(2, 6);
            }

            return schema;
        }

        private JsonObject NumberSchema()
        {
            var schema = new JsonObject { ["type"] = "number" };
            string[] bounds = [Pick(NumberBounds), Pick(NumberBounds)];
            Array.Sort(bounds, (x, y) => decimal.Parse(x, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(y, CultureInfo.InvariantCulture)));
            AddBounds(schema, bounds[0], bounds[1]);
            if (Chance(0.2))
            {
                schema["multipleOf"] = JsonNode.Parse(Pick(NumberSteps));
            }

            return schema;
        }

        private void AddBounds(JsonObject schema, string low, string high)
        {
            switch (random.Next(6))
            {
                case 0:
                    schema["minimum"] = JsonNode.Parse(low);
                    break;
                case 1:
                    schema["maximum"] = JsonNode.Parse(high);
                    break;
                case 2:
                    schema["minimum"] = JsonNode.Parse(low);
                    schema["maximum"] = JsonNode.Parse(high);
                    break;
                case 3:
                    schema["exclusiveMinimum"] = JsonNode.Parse(low);
                    schema["exclusiveMaximum"] = JsonNode.Parse(high);
                    break;
                case 4:
                    // Draft 4 spelling.
                    schema["minimum"] = JsonNode.Parse(low);
                    schema["exclusiveMinimum"] = Chance(0.5);
                    schema["maximum"] = JsonNode.Parse(high);
                    schema["exclusiveMaximum"] = Chance(0.5);
                    break;
            }
        }

        private JsonObject StringSchema()
        {
            var schema = new JsonObject { ["type"] = "string" };
            int min = random.Next(0, 4);
            if (Chance(0.4))
            {
                schema["minLength"] = min;
            }

            if (Chance(0.4))
            {
                schema["maxLength"] = min + random.Next(0, 4);
            }

            if (Chance(0.35))
            {
                schema["pattern"] = Pick(Patterns);
            }

            return schema;
        }

        private JsonObject EnumSchema()
        {
            bool nullable = Chance(0.3);
            var values = new JsonArray();
            foreach (string word in EnumWords.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
            {
                values.Add(word);
            }

            if (nullable)
            {
                values.Add(null);
            }

            return new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["enum"] = values };
        }

        private JsonObject UnionSchema()
        {
            string first = Pick(ScalarTypes);
            string second = Pick(ScalarTypes.Where(t => t != first).ToList());
            var schema = new JsonObject { ["type"] = new JsonArray(first, second) };
            if (first is "integer" or "number" || second is "integer" or "number")
            {
                AddBounds(schema, "0", "10");
            }

            if ((first == "string" || second == "string") && Chance(0.5))
            {
                schema["maxLength"] = random.Next(1, 4);
            }

            return schema;
        }

        private JsonObject ArraySchema(int depth)
        {
            var schema = new JsonObject { ["type"] = "array" };
            JsonObject? items = Chance(0.85) ? Schema(depth + 1) : null;
            if (items is not null)
            {
                schema["items"] = items;
            }

            int min = random.Next(0, 3);
            if (Chance(0.3))
            {
                schema["minItems"] = min;
            }

            if (Chance(0.3))
            {
                schema["maxItems"] = Math.Max(1, min + random.Next(0, 3));
            }

            if (items is not null && items["type"] is JsonValue type && type.GetValue<string>() is "string" or "integer" or "boolean" && Chance(0.5))
            {
                schema["uniqueItems"] = true;
            }

            return schema;
        }

        /// <summary>A value meant to satisfy <paramref name="schema"/>, with some of its parts mutated.</summary>
        public JsonNode? Value(JsonNode? schema, double mutationRate, int depth)
        {
            if (Chance(mutationRate))
            {
                return Mutant(schema);
            }

            if (schema is not JsonObject obj)
            {
                return JsonNode.Parse(Pick(Others));
            }

            List<string> types = TypesOf(obj);
            if (types.Contains("null") && Chance(0.15))
            {
                return null;
            }

            if (obj["enum"] is JsonArray values)
            {
                return values[random.Next(values.Count)]?.DeepClone();
            }

            List<string> concrete = [.. types.Where(t => t != "null")];
            string type = concrete.Count == 0 ? Pick(ScalarTypes) : Pick(concrete);
            return type switch
            {
                "integer" => JsonNode.Parse(IntegerNear(obj)),
                "number" => JsonNode.Parse(NumberNear(obj)),
                "string" => JsonValue.Create(StringNear(obj)),
                "boolean" => JsonValue.Create(Chance(0.5)),
                "array" => ArrayNear(obj, mutationRate, depth),
                "object" => ObjectNear(obj, mutationRate, depth),
                _ => JsonNode.Parse(Pick(Others)),
            };
        }

        private static decimal Dec(JsonNode node) => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

        private static List<string> TypesOf(JsonObject schema) => schema["type"] switch
        {
            JsonArray list => [.. list.Select(t => t!.GetValue<string>())],
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };

        private JsonNode? Mutant(JsonNode? schema)
        {
            if (schema is JsonObject obj && Chance(0.5))
            {
                List<string> types = TypesOf(obj);
                if (types.Contains("integer") || types.Contains("number"))
                {
                    return JsonNode.Parse(Pick(StrangeNumbers));
                }

                if (types.Contains("string"))
                {
                    return JsonValue.Create(Pick(Strings) + (Chance(0.3) ? "x" : string.Empty));
                }
            }

            return JsonNode.Parse(Pick(Others));
        }

        private string IntegerNear(JsonObject schema)
        {
            List<decimal> anchors = [0, 1, -1, 5];
            foreach (string key in new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" })
            {
                if (schema[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
                {
                    decimal bound = Dec(value);
                    anchors.AddRange([Math.Floor(bound), Math.Ceiling(bound), Math.Floor(bound) - 1, Math.Ceiling(bound) + 1]);
                }
            }

            decimal pick = Pick(anchors);
            if (schema["multipleOf"] is JsonValue step && Chance(0.6))
            {
                decimal s = Dec(step);
                pick = Math.Round(pick / s) * s;
            }

            string text = ((long)pick).ToString(CultureInfo.InvariantCulture);
            return Chance(0.1) ? text + ".0" : text;
        }

        private string NumberNear(JsonObject schema)
        {
            List<decimal> anchors = [0, 1, -1, 2.5m, 0.3m];
            foreach (string key in new[] { "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" })
            {
                if (schema[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
                {
                    decimal bound = Dec(value);
                    anchors.AddRange([bound, bound - 0.5m, bound + 0.5m, bound - 0.001m, bound + 0.001m]);
                }
            }

            decimal pick = Pick(anchors);
            if (schema["multipleOf"] is JsonValue step && Chance(0.6))
            {
                decimal s = Dec(step);
                pick = Math.Round(pick / s) * s;
            }

            string text = pick.ToString(CultureInfo.InvariantCulture);
            return random.Next(6) switch
            {
                0 when !text.Contains('.', StringComparison.Ordinal) => text + ".0",
                1 => pick.ToString("0.###############e0", CultureInfo.InvariantCulture),
                _ => text,
            };
        }

        private string StringNear(JsonObject schema)
        {
            if (Chance(0.6))
            {
                return Pick(Strings);
            }

            int min = schema["minLength"] is JsonValue minLength ? minLength.GetValue<int>() : 0;
            int max = schema["maxLength"] is JsonValue maxLength ? maxLength.GetValue<int>() : min + 4;
            int length = Math.Max(0, random.Next(min - 1, max + 2));
            var text = new StringBuilder();
            string[] alphabet = ["a", "b", "z", "A", "1", " ", "é", "😀", "x", "y"];
            while (text.Length < length)
            {
                text.Append(Pick(alphabet));
            }

            return text.ToString();
        }

        private JsonArray ArrayNear(JsonObject schema, double mutationRate, int depth)
        {
            int min = schema["minItems"] is JsonValue minItems ? minItems.GetValue<int>() : 0;
            int max = schema["maxItems"] is JsonValue maxItems ? maxItems.GetValue<int>() : min + 3;
            int count = depth > 4 ? 0 : Math.Max(0, random.Next(min - 1, max + 2));
            var array = new JsonArray();
            for (int i = 0; i < count; i++)
            {
                array.Add(Value(schema["items"], mutationRate, depth + 1));
            }

            return array;
        }

        private JsonObject ObjectNear(JsonObject schema, double mutationRate, int depth)
        {
            var value = new JsonObject();
            var required = schema["required"] is JsonArray list ? list.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
            if (schema["properties"] is JsonObject properties && depth <= 4)
            {
                foreach ((string name, JsonNode? member) in properties)
                {
                    bool send = required.Contains(name) ? !Chance(mutationRate) : Chance(0.6);
                    if (send)
                    {
                        value[name] = Value(member, mutationRate, depth + 1);
                    }
                }
            }

            foreach (string name in required)
            {
                if (!value.ContainsKey(name) && !(schema["properties"] is JsonObject declared && declared.ContainsKey(name)) && !Chance(mutationRate))
                {
                    value[name] = JsonNode.Parse(Pick(Others));
                }
            }

            if (Chance(mutationRate) || (schema["additionalProperties"] is JsonObject && Chance(0.5)))
            {
                string ghost = Pick(["ghost", "A", "NAME", "id2", "b"]);
                if (!value.ContainsKey(ghost))
                {
                    value[ghost] = schema["additionalProperties"] is JsonObject extra ? Value(extra, mutationRate, depth + 1) : JsonNode.Parse(Pick(Others));
                }
            }

            return value;
        }
    }
}

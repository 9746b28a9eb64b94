using System.Reflection;
using System.Text.Json;
using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class ProblemDescriptionsGiveConcreteExamples
{
    private static string Hint(string tool, string arguments, string path)
    {
        using ToolSchema schema = ToolSchema.For(tool);
        ArgumentProblem problem = Assert.Single(schema.Check(arguments), p => p.Path == path);
        return ProblemDescriptions.Hint(problem, schema.ToolName);
    }

    [Theory]
    [InlineData(nameof(Tools.Add), """{"a":"5","b":1}""", "a", "'a' must be an integer, not a string, e.g. \"a\": 5")]
    [InlineData(nameof(Tools.Add), """{"a":null,"b":1}""", "a", "'a' must not be null; send an integer, e.g. \"a\": 5")]
    [InlineData(nameof(Tools.Add), """{"a":1.5,"b":1}""", "a", "'a' must be a whole number, without a decimal point or exponent, e.g. \"a\": 5")]
    [InlineData(nameof(Tools.Add), """{"b":1}""", "a", "'a' is required: add it, e.g. \"a\": 5")]
    [InlineData(nameof(Tools.Flag), """{"loud":"true"}""", "loud", "'loud' must be a boolean (true or false), not a string, e.g. \"loud\": true")]
    [InlineData(nameof(Tools.Echo), """{"text":5}""", "text", "'text' must be a string, not a number, e.g. \"text\": \"text\"")]
    [InlineData(nameof(Tools.Search), """{"query":"q","limit":0}""", "limit", "'limit' must be between 1 and 50, e.g. \"limit\": 5")]
    [InlineData(nameof(Tools.Ranges), """{"limit":1,"ratio":1,"below":0,"above":5}""", "below", "'below' must be at least -5.5 and less than 0, e.g. \"below\": -5.5")]
    [InlineData(nameof(Tools.Ranges), """{"limit":1,"ratio":1,"below":-1,"above":1}""", "above", "'above' must be greater than 1 and at most 10, e.g. \"above\": 5")]
    [InlineData(nameof(Tools.Add), """{"a":3000000000,"b":1}""", "a", "'a' must be an integer from -2147483648 to 2147483647, e.g. \"a\": 5")]
    [InlineData(nameof(Tools.Strings), """{"code":"a","word":"ab"}""", "code", "'code' must be 2 to 5 characters long, e.g. \"code\": \"xx\"")]
    [InlineData(nameof(Tools.Lists), """{"ids":[],"tags":[]}""", "ids", "'ids' must have 1 to 3 items, e.g. \"ids\": [5]")]
    public void Each_hint_names_the_rule_and_gives_an_example_of_the_right_type(string tool, string arguments, string path, string hint)
    {
        Assert.Equal(hint, Hint(tool, arguments, path));
    }

    [Fact]
    public void A_pattern_hint_names_the_pattern_and_says_it_must_match_as_a_whole()
    {
        Assert.Equal("'word' must match the pattern [a-z]+ as a whole", Hint(nameof(Tools.Strings), """{"code":"ab","word":"A"}""", "word"));
    }

    [Fact]
    public void An_enum_hint_lists_the_allowed_values()
    {
        using ToolSchema schema = ToolSchema.FromJson("""{"type":"object","properties":{"m":{"type":"string","enum":["fast","slow"]}}}""");

        ArgumentProblem problem = schema.Single("""{"m":"quick"}""");

        Assert.Equal("'m' must be one of \"fast\", \"slow\", e.g. \"m\": \"fast\"", ProblemDescriptions.Hint(problem, "t"));
        Assert.Equal("must be one of \"fast\", \"slow\"", ProblemDescriptions.Message(problem));
    }

    [Fact]
    public void A_ghost_hint_says_to_remove_it_or_suggests_the_intended_name()
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        ArgumentProblem far = add.Single("""{"a":1,"b":2,"zzzzzz":3}""");
        Assert.Equal("Remove 'zzzzzz': 'add' does not declare it", ProblemDescriptions.Hint(far, "add"));

        using ToolSchema customer = ToolSchema.For(nameof(Tools.GetCustomer));
        ArgumentProblem near = Assert.Single(customer.Check("""{"customerid":3}"""), p => p.IsGhost);
        Assert.Equal("'customerid' is not a parameter of 'get_customer'. Did you mean 'customer_id'? Send it as \"customer_id\": 5", ProblemDescriptions.Hint(near, "get_customer"));
        Assert.Equal("unknown argument (did you mean 'customer_id'?)", ProblemDescriptions.Message(near));
    }

    public static TheoryData<string> ToolNames()
    {
        var data = new TheoryData<string>();
        foreach (MethodInfo method in typeof(Tools).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            data.Add(method.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_example_for_every_parameter_is_itself_valid(string tool)
    {
        using ToolSchema schema = ToolSchema.For(tool);
        var failures = new List<string>();
        foreach (SchemaProperty property in schema.Compiled.Root.Properties)
        {
            string? example = ProblemDescriptions.Example(property.Schema);
            if (example is null)
            {
                // Only a pattern no example can be made up for may lack one.
                Assert.True(property.Schema.Pattern is not null, $"{tool}.{property.Name} has no example");
                continue;
            }

            using JsonDocument value = JsonDocument.Parse(example.Replace("{…}", "{}", StringComparison.Ordinal));
            ValidationScratch scratch = ValidationScratch.Rent(property.Schema, strictTypes: true);
            try
            {
                ArgumentValidator.Validate(value.RootElement, scratch);
                if (scratch.Problems.Count > 0)
                {
                    failures.Add($"{property.Name}: example {example} fails: {ToolSchema.Describe(scratch.Problems)}");
                }
            }
            finally
            {
                ValidationScratch.Return(scratch);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Examples_respect_exclusive_bounds_and_steps()
    {
        using ToolSchema schema = ToolSchema.FromJson(
            """{"type":"object","properties":{"i":{"type":"integer","exclusiveMinimum":10},"n":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1},"s":{"type":"integer","minimum":7,"multipleOf":4},"u":{"type":"string","minLength":30}}}""");

        Dictionary<string, string?> examples = schema.Compiled.Root.Properties.ToDictionary(p => p.Name, p => ProblemDescriptions.Example(p.Schema));

        Assert.Equal("11", examples["i"]);
        Assert.Equal("0.5", examples["n"]);
        Assert.Equal("8", examples["s"]);
        Assert.Equal(24, examples["u"]!.Length - 2);
    }
}

using System.Text.Json;
using AgentAirlock.Validation;

namespace AgentAirlock.Tests.Validation;

public sealed class SchemaCompilerNeverFetchesRemoteReferences
{
    [Theory]
    [InlineData("https://airlock-test.invalid/schema.json")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("other.json#/definitions/x")]
    [InlineData("file:///etc/passwd")]
    public void A_remote_reference_is_a_compile_error_and_every_call_is_refused(string target)
    {
        using ToolSchema schema = ToolSchema.FromJson(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":" + JsonSerializer.Serialize(target) + "}}}");

        Assert.NotNull(schema.Compiled.Error);
        Assert.Contains("never fetched", schema.Compiled.Error, StringComparison.Ordinal);
        Assert.True(schema.Compiled.Root.Rejects);
        Assert.Equal(ArgumentProblemKind.Forbidden, schema.Single("""{"a":1}""").Kind);
    }

    [Fact]
    public void The_full_validator_refuses_to_load_a_remote_reference_rather_than_fetch_it()
    {
        using JsonDocument schema = JsonDocument.Parse(
            """{"type":"object","properties":{"a":{"$ref":"https://airlock-test.invalid/schema.json"}}}""");

        Exception exception = Assert.ThrowsAny<Exception>(() => FullSchemaValidator.Load(schema.RootElement));

        Assert.IsType<NotSupportedException>(exception.GetBaseException());
    }
}

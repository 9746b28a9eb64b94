using System.Text.Json;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>Compares argument values as a tool binds them.</summary>
internal static class ArgumentValues
{
    public static void AssertSame(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), actual.GetString());
                break;
            case JsonValueKind.Number:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), actual.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                foreach (JsonProperty member in expected.EnumerateObject())
                {
                    AssertSame(member.Value, actual.GetProperty(member.Name), path + "." + member.Name);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSame(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
        }
    }
}

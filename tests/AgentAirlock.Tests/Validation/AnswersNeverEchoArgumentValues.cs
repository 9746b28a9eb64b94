namespace AgentAirlock.Tests.Validation;

/// <summary>A refusal names arguments and rules; it never repeats what was sent, which may be a secret.</summary>
public sealed class AnswersNeverEchoArgumentValues
{
    private const string Secret = "sk_live_51HsecretTOKENvalue";

    public static TheoryData<string, string> Calls => new()
    {
        { nameof(Tools.Add), """{"a":"§","b":2}""" },
        { nameof(Tools.Add), """{"a":1,"b":2,"password":"§"}""" },
        { nameof(Tools.Add), """{"a":1,"b":2,"nested":{"k":"§"}}""" },
        { nameof(Tools.Flag), """{"loud":"§"}""" },
        { nameof(Tools.Strings), """{"code":"§","word":"§"}""" },
        { nameof(Tools.Scalars), """{"id":"§","when":"§","at":"§","link":"§","letter":"§","day":"§","span":"§","color":"§","time":"§"}""" },
        { nameof(Tools.Person), """{"address":{"street":"a","zip":"§","extra":"§"}}""" },
        { nameof(Tools.Counts), """{"counts":{"a":"§"}}""" },
        { nameof(Tools.Lists), """{"ids":["§"],"tags":[{"§":1}]}""" },
        { nameof(Tools.Email), """{"email":"§"}""" },
        { nameof(Tools.Email), """{"email":["§"]}""" },
        { nameof(Tools.Optional), """{"count":"§","label":["§"],"shade":"§"}""" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task The_written_refusal_contains_nothing_of_the_values_sent(string tool, string arguments)
    {
        using ToolSchema schema = ToolSchema.For(tool);

        string written = await BlockedAnswers.WrittenTextAsync(schema, arguments.Replace("§", Secret, StringComparison.Ordinal));

        Assert.DoesNotContain("sk_live", written, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", written, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("31415926535")]
    [InlineData("-27182818284")]
    [InlineData("1.41421356")]
    public async Task Numbers_sent_are_not_repeated_either(string number)
    {
        using ToolSchema add = ToolSchema.For(nameof(Tools.Add));

        string written = await BlockedAnswers.WrittenTextAsync(add, $"{{\"a\":{number},\"b\":2}}");

        Assert.DoesNotContain(number.TrimStart('-'), written, StringComparison.Ordinal);
    }
}

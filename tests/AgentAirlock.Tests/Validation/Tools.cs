using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace AgentAirlock.Tests.Validation;

#pragma warning disable IDE0060 // Tool signatures: the parameters are the point, not the bodies.
#pragma warning disable CA1812 // Types are instantiated by deserialization.

public enum Color
{
    Red,
    Green,
    Blue,
}

public sealed class Address
{
    public string Street { get; set; } = string.Empty;

    public int Zip { get; set; }

    public Geo? Geo { get; set; }
}

public sealed class Geo
{
    public double Lat { get; set; }

    public double Lon { get; set; }
}

public sealed class TreeNode
{
    public string Name { get; set; } = string.Empty;

    public List<TreeNode>? Children { get; set; }
}

/// <summary>Tool signatures as real .NET methods; their schemas come from the SDK (<c>McpServerTool.Create</c>).</summary>
public static class Tools
{
    public static int Add(int a, int b) => a + b;

    public static string Echo(string text) => text;

    public static string Flag(bool loud) => string.Empty;

    public static string GetCustomer([Description("The customer's id")] int customer_id) => string.Empty;

    public static string DeleteRecord(int record_id, string reason) => string.Empty;

    public static string Search(string query, [Range(1, 50)] int limit = 5) => query;

    public static string Optional(int? count, string? label, Color? shade, double scale = 1.5) => string.Empty;

    public static string Ranges([Range(1, 50)] int limit, [Range(0.5, 9.5)] double ratio, [Range(-5.5, 0, MaximumIsExclusive = true)] double below, [Range(1, 10, MinimumIsExclusive = true)] int above) => string.Empty;

    public static string ExclusiveZero([Range(0.0, 10.0, MinimumIsExclusive = true)] double positive) => string.Empty;

    public static string Strings([StringLength(5, MinimumLength = 2)] string code, [RegularExpression("[a-z]+")] string word) => string.Empty;

    public static string Lists([MinLength(1), MaxLength(3)] int[] ids, List<string> tags) => string.Empty;

    public static string Person(Address address) => string.Empty;

    public static string Counts(Dictionary<string, int> counts) => string.Empty;

    public static string Tree(TreeNode root) => string.Empty;

    public static string Email([EmailAddress] string email) => email;

    public static string Numbers(byte b, ushort us, short s, sbyte sb, uint ui, long l, ulong ul, float f, double d, decimal m) => string.Empty;

    public static string Scalars(Guid id, DateTime when, DateTimeOffset at, Uri link, char letter, DateOnly day, TimeSpan span, Color color, TimeOnly time) => string.Empty;

    public static string Misspellable(int user_id, string user_name, int count) => string.Empty;
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AgentAirlock.Validation;
using ModelContextProtocol.Server;

namespace AgentAirlock.IntegrationTests.Tools;

/// <summary>A shipping address, nested inside <see cref="OrderRequest"/>.</summary>
public sealed record ShippingAddress(string Street, string City);

/// <summary>An object-typed tool argument.</summary>
public sealed record OrderRequest(string Sku, int Quantity, ShippingAddress ShipTo);

/// <summary>Tools the sample does not have: nested objects, per-tool attributes, patterns, formats, wide numbers.</summary>
[McpServerToolType]
public sealed class ExtraTools
{
    [McpServerTool(Name = "create_order"), Description("Places an order.")]
    public static string CreateOrder(OrderRequest order, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        return $"{order.Quantity} x {order.Sku} to {order.ShipTo.City}{(note is null ? string.Empty : " (" + note + ")")}";
    }

    [McpServerTool(Name = "measure"), Description("Echoes wide numbers and a label.")]
    public static string Measure(long count, double ratio, decimal amount, string label) =>
        string.Create(CultureInfo.InvariantCulture, $"{count}|{ratio:R}|{amount}|{label}");

    [McpServerTool(Name = "lenient_echo"), AirlockUnknownArguments(UnknownArgumentsMode.Strip)]
    public static string LenientEcho(string text) => text;

    [McpServerTool(Name = "quiet_echo"), AirlockUnknownArguments(UnknownArgumentsMode.StripSilently)]
    public static string QuietEcho(string text) => text;

    [McpServerTool(Name = "strict_echo"), AirlockUnknownArguments(UnknownArgumentsMode.Reject)]
    public static string StrictEcho(string text) => text;

    [McpServerTool(Name = "overridden_echo"), AirlockUnknownArguments(UnknownArgumentsMode.Strip)]
    public static string OverriddenEcho(string text) => text;

    [McpServerTool(Name = "plain_echo")]
    public static string PlainEcho(string text) => text;

    [McpServerTool(Name = "book_flight"), Description("Books seats to an airport given by its IATA code.")]
    public static string BookFlight([RegularExpression("^[A-Z]{3}$")] string airport, [Range(1, 9)] int seats) =>
        string.Create(CultureInfo.InvariantCulture, $"{seats} seat(s) to {airport}");

    [McpServerTool(Name = "route_message"), Description("Routes a message to a region; the region travels in an Mcp-Param-Region header too.")]
    public static string RouteMessage([McpHeader("Region")] string region, string text) => region + ": " + text;

    [McpServerTool(Name = "subscribe"), Description("Subscribes an e-mail address.")]
    public static string Subscribe([EmailAddress] string email) => "subscribed " + email;
}

/// <summary>A tool with a boolean parameter.</summary>
[McpServerToolType]
public sealed class SwitchTools
{
    [McpServerTool(Name = "toggle"), Description("Turns a feature on or off.")]
    public static string Toggle(bool enabled) => enabled ? "on" : "off";
}

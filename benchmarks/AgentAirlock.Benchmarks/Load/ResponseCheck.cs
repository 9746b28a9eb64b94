using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// What a response must be to count as the expected answer; anything else is reported. A high req/s of wrong
/// answers (a 400 for every call, say) is the classic load-test mistake, so every response is checked.
/// </summary>
internal sealed class ResponseCheck
{
    private readonly string _description;
    private readonly HttpStatusCode _status;
    private readonly string _mediaType;
    private readonly byte[][] _required;
    private readonly byte[][] _forbidden;

    private ResponseCheck(string description, string mediaType, string[] required, string[] forbidden, HttpStatusCode status = HttpStatusCode.OK)
    {
        _description = description;
        _status = status;
        _mediaType = mediaType;
        _required = [.. required.Select(Encoding.UTF8.GetBytes)];
        _forbidden = [.. forbidden.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>
    /// The SDK's answer to <c>add(2, 3)</c>: every answer of the SDK's MCP handler is one SSE frame (reference §3.2).
    /// </summary>
    public static ResponseCheck ToolResult(string id, string text) => new(
        $"200 text/event-stream with a tool result \"{text}\"", "text/event-stream",
        ["event: message", "\"result\"", $"\"id\":{id}", $"\"text\":\"{text}\""],
        ["\"isError\":true", "\"error\"", "AIRLOCK_BLOCK"]);

    /// <summary>Any successful tool result of the SDK (for tools whose result text is long, such as search_documents).</summary>
    public static ResponseCheck ToolSuccess(string id) => new(
        "200 text/event-stream with a tool result", "text/event-stream",
        ["event: message", "\"result\"", $"\"id\":{id}", "\"content\""],
        ["\"isError\":true", "\"error\"", "AIRLOCK_BLOCK"]);

    /// <summary>
    /// The answer to <c>get_customer</c>: a successful tool result that holds <paramref name="email"/> (the raw address
    /// from a bare server, its mask from an Airlock server) and never <paramref name="absent"/> (the other form).
    /// </summary>
    public static ResponseCheck CustomerRecord(string id, string email, string absent) => new(
        $"200 text/event-stream with a tool result holding {email}", "text/event-stream",
        ["event: message", "\"result\"", $"\"id\":{id}", "\"content\"", email],
        ["\"isError\":true", "\"error\"", "AIRLOCK_BLOCK", absent]);

    /// <summary>The policy layer's answer to a caller without valid credentials: HTTP 401 with a JSON-RPC error.</summary>
    public static ResponseCheck Unauthorized(string id) => new(
        "401 application/json JSON-RPC error \"Unauthorized\"", "application/json",
        [$"\"id\":{id}", "\"error\"", "Unauthorized"],
        ["\"result\"", "event: message"],
        HttpStatusCode.Unauthorized);

    /// <summary>
    /// Airlock's blocked answer. Airlock writes it as plain JSON to a client that accepts JSON, while the SDK frames
    /// every answer as SSE: a plain JSON tool result cannot have come from the SDK.
    /// </summary>
    public static ResponseCheck AirlockBlock(string id, string reason) => new(
        $"200 application/json blocked result ({reason})", "application/json",
        ["\"result\"", $"\"id\":{id}", "\"isError\":true", "AIRLOCK_BLOCK", $"\"block_reason\":\"{reason}\""],
        ["event: message"]);

    public override string ToString() => _description;

    /// <summary>Returns why the response is not the expected one, or <see langword="null"/> when it is.</summary>
    public string? Problem(HttpStatusCode status, MediaTypeHeaderValue? contentType, ReadOnlySpan<byte> body)
    {
        if (status != _status)
        {
            return $"HTTP {(int)status}: {Excerpt(body)}";
        }

        if (!string.Equals(contentType?.MediaType, _mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Type {contentType?.MediaType ?? "(none)"} instead of {_mediaType}: {Excerpt(body)}";
        }

        foreach (byte[] required in _required)
        {
            if (body.IndexOf(required) < 0)
            {
                return $"missing {Encoding.UTF8.GetString(required)}: {Excerpt(body)}";
            }
        }

        foreach (byte[] forbidden in _forbidden)
        {
            if (body.IndexOf(forbidden) >= 0)
            {
                return $"unexpected {Encoding.UTF8.GetString(forbidden)}: {Excerpt(body)}";
            }
        }

        return null;
    }

    private static string Excerpt(ReadOnlySpan<byte> body)
    {
        const int Max = 300;
        string text = Encoding.UTF8.GetString(body.Length > Max ? body[..Max] : body).ReplaceLineEndings(" ");
        return body.Length > Max ? text + "…" : text;
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Benchmarks.Shared;

/// <summary>One <c>tools/call</c> to the sample server as a client puts it on the wire: body and MCP headers.</summary>
internal sealed class SampleCall
{
    public const string AcceptBoth = "application/json, text/event-stream";

    public SampleCall(string name, string tool, string protocolVersion, string body, bool rejected)
    {
        Name = name;
        Tool = tool;
        ProtocolVersion = protocolVersion;
        Body = Encoding.UTF8.GetBytes(body);
        Rejected = rejected;
    }

    public string Name { get; }

    public string Tool { get; }

    public string ProtocolVersion { get; }

    public byte[] Body { get; }

    /// <summary>Gets whether Airlock must refuse the call.</summary>
    public bool Rejected { get; }

    /// <summary>Gets whether the call uses the 2026-07-28 shape, which also needs <c>Mcp-Method</c> and <c>Mcp-Name</c>.</summary>
    public bool PerRequestMetadata => string.CompareOrdinal(ProtocolVersion, "2026-07-28") >= 0;

    /// <summary>Makes <paramref name="request"/> the POST a streamable-HTTP client sends, body excluded.</summary>
    public void ApplyTo(HttpRequest request)
    {
        request.Method = HttpMethods.Post;
        request.Scheme = "http";
        request.Host = new HostString("127.0.0.1", 5000);
        request.Path = "/mcp";
        request.ContentType = "application/json";
        request.ContentLength = Body.Length;
        request.Headers.Accept = AcceptBoth;
        request.Headers["MCP-Protocol-Version"] = ProtocolVersion;
        if (PerRequestMetadata)
        {
            request.Headers["Mcp-Method"] = "tools/call";
            request.Headers["Mcp-Name"] = Tool;
        }
    }

    public override string ToString() => Name;
}

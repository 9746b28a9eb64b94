using System.Text;
using System.Text.Json;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Tests.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentAirlock.Tests.Protocol;

/// <summary>A response rewriter over a recording body, with the policy layer's tools/list filter registered.</summary>
internal sealed class ResponseRewriterHarness : IDisposable
{
    public static readonly string ReadFile = Json.Q("{'name':'read_file','inputSchema':{'type':'object'}}");
    public static readonly string WriteFile = Json.Q("{'name':'write_file','inputSchema':{'type':'object'}}");

    public ResponseRewriterHarness(string contentType, string requestId = "3", bool filterTools = true)
    {
        Context = new DefaultHttpContext();
        Body = new RecordingStream();
        Context.Response.Body = Body;
        Context.Response.ContentType = contentType;
        InnerFeature = Context.Features.Get<IHttpResponseBodyFeature>()!;
        using JsonDocument id = JsonDocument.Parse(requestId);
        Rewriter = new ResponseRewriter(Context, id.RootElement);
        if (filterTools)
        {
            PolicySet set = Policies.Compile(o => o.DefaultPolicy = "ReadOnly");
            Rewriter.Add(new ToolListFilter(set, Agents.Named("a"), At.June(1, 12)).Write);
        }
    }

    public DefaultHttpContext Context { get; }

    public RecordingStream Body { get; }

    public IHttpResponseBodyFeature InnerFeature { get; }

    public ResponseRewriter Rewriter { get; }

    /// <summary>Everything the rewriter has passed to the real body so far.</summary>
    public string Written => Encoding.UTF8.GetString(Body.ToArray());

    /// <summary>A tools/list response listing a tool the caller may call and one it may not.</summary>
    public static string ToolsList(string id = "3") => ToolsListOf(id, ReadFile, WriteFile);

    /// <summary>The same response as the filter rewrites it.</summary>
    public static string FilteredToolsList(string id = "3") => ToolsListOf(id, ReadFile);

    public static string ToolsListOf(string id, params string[] tools) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[" + string.Join(",", tools) + "]}}";

    public static string Notification(string text = "working") =>
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"" + text + "\"}}";

    public Task WriteAsync(string text) => Context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    public async Task WriteInChunksAsync(string text, int chunkSize)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < bytes.Length; i += chunkSize)
        {
            await Context.Response.Body.WriteAsync(bytes.AsMemory(i, Math.Min(chunkSize, bytes.Length - i)));
        }
    }

    public void Dispose() => Rewriter.Dispose();

    /// <summary>The events of an event stream: each event's fields in order (CRLF or LF line ends).</summary>
    public static List<List<(string Field, string Value)>> ParseEvents(string stream)
    {
        var events = new List<List<(string, string)>>();
        var current = new List<(string, string)>();
        foreach (string line in stream.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    events.Add(current);
                    current = [];
                }

                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string field = colon < 0 ? line : line[..colon];
            string value = colon < 0 ? string.Empty : line[(colon + 1)..];
            current.Add((field, value.StartsWith(' ') ? value[1..] : value));
        }

        Assert.Empty(current);
        return events;
    }

    /// <summary>The data of an event, its data lines joined as SSE defines.</summary>
    public static string Data(List<(string Field, string Value)> sseEvent) =>
        string.Join("\n", sseEvent.Where(f => f.Field == "data").Select(f => f.Value));

    /// <summary>A response body that records what it is given and how often it is flushed.</summary>
    internal sealed class RecordingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public int Writes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            base.Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes++;
            base.Write(buffer, offset, count);
            return Task.CompletedTask;
        }
    }
}

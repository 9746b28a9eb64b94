namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>One request the fake E2B server received, as it arrived.</summary>
internal sealed class FakeE2BRequest
{
    public FakeE2BRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body, TimeSpan at)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        At = at;
    }

    public string Method { get; }

    public string Path { get; }

    public string Query { get; }

    /// <summary>Gets the headers, keyed case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the body (empty for uploads, whose files are recorded separately).</summary>
    public byte[] Body { get; }

    /// <summary>Gets when the request arrived, since the server started.</summary>
    public TimeSpan At { get; }

    public override string ToString() => $"{Method} {Path}{Query}";
}

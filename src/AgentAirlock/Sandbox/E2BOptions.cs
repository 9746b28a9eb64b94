namespace AgentAirlock.Sandbox;

/// <summary>Options of the E2B backend, bound from <c>Airlock:Sandbox:E2B</c>.</summary>
public sealed class E2BOptions
{
    /// <summary>Gets or sets the E2B API key; empty reads the <c>E2B_API_KEY</c> environment variable.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Gets or sets the sandbox template, which must have the .NET runtime installed.</summary>
    public string Template { get; set; } = "";

    /// <summary>Gets or sets E2B's domain. Default: <c>e2b.app</c>.</summary>
    public string Domain { get; set; } = "e2b.app";

    /// <summary>Gets or sets the control-plane URL; empty derives it from <see cref="Domain"/>.</summary>
    public string ApiUrl { get; set; } = "";

    /// <summary>
    /// Gets or sets the data-plane (envd) URL; empty derives it from <see cref="Domain"/> and the sandbox id. For tests and
    /// self-hosted deployments.
    /// </summary>
    public string SandboxUrl { get; set; } = "";

    /// <summary>Gets or sets how many sandboxes are created ahead of need. Default: 0 (one fresh sandbox per call).</summary>
    public int PoolSize { get; set; }

    /// <summary>Gets or sets the path of the .NET host inside the template. Default: <c>dotnet</c> (found on its PATH).</summary>
    public string DotnetPath { get; set; } = "dotnet";

    /// <summary>Gets the environment variables of the sandboxed process.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

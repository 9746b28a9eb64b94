namespace AgentAirlock.Sandbox.E2B;

/// <summary>A created sandbox: what later calls need to reach it, and which settings created it.</summary>
internal sealed class E2BSandboxHandle
{
    public E2BSandboxHandle(E2BSettings settings, string sandboxId, string envdAccessToken, string? envdVersion, string? domain, long createdAt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(sandboxId);
        Settings = settings;
        SandboxId = sandboxId;
        EnvdAccessToken = envdAccessToken;
        EnvdVersion = envdVersion;
        Domain = domain;
        CreatedAt = createdAt;
    }

    /// <summary>Gets the settings the sandbox was created with (its control plane and key are the ones that can kill it).</summary>
    public E2BSettings Settings { get; }

    /// <summary>Gets the sandbox's id.</summary>
    public string SandboxId { get; }

    /// <summary>Gets the token envd requires in <c>X-Access-Token</c>; a secret, never logged.</summary>
    public string EnvdAccessToken { get; }

    /// <summary>Gets the version of envd in the sandbox, when E2B reported it.</summary>
    public string? EnvdVersion { get; }

    /// <summary>Gets the sandbox's own domain, when it differs from the configured one.</summary>
    public string? Domain { get; }

    /// <summary>Gets the <see cref="TimeProvider"/> timestamp of its creation.</summary>
    public long CreatedAt { get; }

    /// <summary>
    /// Gets whether envd predates 0.4.0, which runs processes as root unless a user is named; the SDK names
    /// <c>user</c> for those versions, and so does Airlock.
    /// </summary>
    public bool NeedsExplicitUser =>
        EnvdVersion is not null && Version.TryParse(EnvdVersion, out Version? version) && version < new Version(0, 4, 0);
}

namespace AgentAirlock.Sandbox.E2B;

/// <summary>One file to put into a sandbox: either a host file or bytes in memory.</summary>
internal sealed class E2BUpload
{
    private E2BUpload(string sandboxPath, string? hostPath, byte[]? content)
    {
        SandboxPath = sandboxPath;
        HostPath = hostPath;
        Content = content;
    }

    /// <summary>Gets the absolute path the file gets in the sandbox.</summary>
    public string SandboxPath { get; }

    /// <summary>Gets the host file to copy, or <see langword="null"/> for <see cref="Content"/>.</summary>
    public string? HostPath { get; }

    /// <summary>Gets the bytes to write, or <see langword="null"/> for <see cref="HostPath"/>.</summary>
    public byte[]? Content { get; }

    public static E2BUpload FromFile(string sandboxPath, string hostPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sandboxPath);
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        return new(sandboxPath, hostPath, null);
    }

    public static E2BUpload FromBytes(string sandboxPath, byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(sandboxPath);
        ArgumentNullException.ThrowIfNull(content);
        return new(sandboxPath, null, content);
    }
}

namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>One file uploaded to a fake sandbox.</summary>
internal sealed class FakeE2BUpload
{
    public FakeE2BUpload(string sandboxId, string path, string partName, byte[] content)
    {
        SandboxId = sandboxId;
        Path = path;
        PartName = partName;
        Content = content;
    }

    public string SandboxId { get; }

    /// <summary>Gets the path in the sandbox, as resolved by envd's rules.</summary>
    public string Path { get; }

    /// <summary>Gets the name of the multipart part (envd stores only parts named <c>file</c>).</summary>
    public string PartName { get; }

    public byte[] Content { get; }
}

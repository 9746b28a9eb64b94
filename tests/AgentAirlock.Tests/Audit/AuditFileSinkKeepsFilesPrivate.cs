using AgentAirlock.Audit;
using static AgentAirlock.Tests.Audit.AuditSinkFolder;

namespace AgentAirlock.Tests.Audit;

#pragma warning disable CA1416 // Each test returns early except on Linux.

/// <summary>On Unix the sink creates audit files readable and writable by their owner only (0600), rolled ones too.</summary>
public sealed class AuditFileSinkKeepsFilesPrivate : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly AuditSinkFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void New_files_are_created_with_mode_0600()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using (var sink = new AuditFileSink(_folder.PathOf("audit.jsonl"), AuditRollingInterval.Infinite, 4096))
        {
            for (int n = 1; n <= 4; n++)
            {
                sink.Emit(Numbered(n, padding: new string('p', 1500)));
                sink.Flush();
            }
        }

        string[] files = _folder.FileNames();
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(_folder.PathOf(f))));
    }

    [Fact]
    public void A_directory_the_sink_creates_is_kept_to_its_owner()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string directory = _folder.PathOf("logs");
        using (var sink = new AuditFileSink(Path.Combine(directory, "audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            sink.Emit(Numbered(1));
            sink.Flush();
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(directory, "audit.jsonl")));
    }

    [Fact]
    public void An_existing_directory_that_holds_other_folders_keeps_its_mode()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Not empty and not created by the sink: other services' folders live here, so it must stay as it is.
        const UnixFileMode Shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        string directory = _folder.PathOf("logs");
        Directory.CreateDirectory(Path.Combine(directory, "other-service"));
        File.SetUnixFileMode(directory, Shared);

        using (var sink = new AuditFileSink(Path.Combine(directory, "audit.jsonl"), AuditRollingInterval.Infinite, 0))
        {
            sink.Emit(Numbered(1));
            sink.Flush();
        }

        Assert.Equal(Shared, File.GetUnixFileMode(directory));
    }
}

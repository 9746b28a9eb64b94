using System.Runtime.Versioning;
using AgentAirlock.Sandbox.Bubblewrap;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[SupportedOSPlatform("linux")]
public sealed class SandboxStagingKeepsPrivateCopies : IDisposable
{
    private readonly string _source = Directory.CreateTempSubdirectory("airlock-staging-test-").FullName;

    [Fact]
    public void Only_the_listed_files_are_copied_into_a_directory_only_the_owner_can_enter()
    {
        string[] files = [Write("Tool.dll", "tool"), Write("Tool.deps.json", "{}"), Write(Path.Combine("de", "Tool.resources.dll"), "de")];
        Write("appsettings.json", """{"secret":"server configuration"}""");
        using var staging = new SandboxStaging();

        string staged = staging.Stage(files, _source);

        string[] copied = [.. Directory.EnumerateFiles(staged, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(staged, f)).Order(StringComparer.Ordinal)];
        Assert.Equal(["Tool.deps.json", "Tool.dll", Path.Combine("de", "Tool.resources.dll")], copied);
        Assert.Equal("tool", File.ReadAllText(Path.Combine(staged, "Tool.dll")));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(staged)!));
    }

    [Fact]
    public void The_same_files_are_staged_once_and_a_changed_file_is_staged_again()
    {
        string tool = Write("Tool.dll", "first");
        using var staging = new SandboxStaging();

        string first = staging.Stage([tool], _source);
        string again = staging.Stage([tool], _source);
        Write("Tool.dll", "second, longer");
        string changed = staging.Stage([tool], _source);

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
        Assert.Equal("second, longer", File.ReadAllText(Path.Combine(changed, "Tool.dll")));
    }

    [Fact]
    public void A_staged_file_that_disappeared_is_copied_again()
    {
        string tool = Write("Tool.dll", "tool");
        using var staging = new SandboxStaging();
        string staged = staging.Stage([tool], _source);

        File.Delete(Path.Combine(staged, "Tool.dll"));
        string restaged = staging.Stage([tool], _source);

        Assert.Equal("tool", File.ReadAllText(Path.Combine(restaged, "Tool.dll")));
    }

    [Fact]
    public void Disposal_removes_the_copies()
    {
        string tool = Write("Tool.dll", "tool");
        var staging = new SandboxStaging();
        string root = Path.GetDirectoryName(staging.Stage([tool], _source))!;

        staging.Dispose();

        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Copies_left_by_a_process_that_is_gone_are_removed_and_live_ones_are_kept()
    {
        string temporary = Directory.CreateTempSubdirectory("airlock-staging-root-").FullName;
        try
        {
            string abandoned = Directory.CreateDirectory(Path.Combine(temporary, "airlock-sandbox-abandoned")).FullName;
            File.WriteAllText(Path.Combine(abandoned, ".lock"), "");
            string live = Directory.CreateDirectory(Path.Combine(temporary, "airlock-sandbox-live")).FullName;
            using (new FileStream(Path.Combine(live, ".lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                SandboxStaging.RemoveAbandoned(temporary, except: null);
            }

            Assert.False(Directory.Exists(abandoned));
            Assert.True(Directory.Exists(live));
        }
        finally
        {
            Directory.Delete(temporary, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_source, recursive: true);

    private string Write(string relativePath, string content)
    {
        string path = Path.Combine(_source, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}

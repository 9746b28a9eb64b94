using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// A tool lives in the server's bin directory, next to its configuration; the sandbox gets the assemblies the tool's
/// manifest names and never a settings file.
/// </summary>
public sealed class SandboxFilesListOnlyAssemblies : IDisposable
{
    private const string Manifest = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
          "targets": {
            ".NETCoreApp,Version=v10.0": {
              "Tool/1.0.0": { "runtime": { "Tool.dll": {} } },
              "Dep/2.0.0": {
                "runtime": { "lib/net10.0/Dep.dll": {}, "lib/net10.0/appsettings.json": {} },
                "resources": { "lib/net10.0/de/Dep.resources.dll": { "locale": "de" } }
              },
              "Native/1.0.0": {
                "runtimeTargets": {
                  "runtimes/linux-x64/native/libnative.so": { "rid": "linux-x64", "assetType": "native" },
                  "runtimes/win-x64/native/native.dll": { "rid": "win-x64", "assetType": "native" }
                }
              },
              "Escape/1.0.0": { "runtimeTargets": { "../Outside.dll": { "rid": "linux-x64", "assetType": "runtime" } } },
              "Absent/1.0.0": { "runtime": { "lib/net10.0/Absent.dll": {} } }
            }
          }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("airlock-files-").FullName;
    private readonly string _app;

    public SandboxFilesListOnlyAssemblies()
    {
        _app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        foreach (string file in new[]
        {
            "Tool.dll", "Dep.dll", "de/Dep.resources.dll", "runtimes/linux-x64/native/libnative.so",
            "runtimes/win-x64/native/native.dll", "Unlisted.dll", "Tool.runtimeconfig.json", "Tool.pdb",
            "appsettings.json", "appsettings.Production.json", "secrets.json", "web.config",
        })
        {
            Write(file, "x");
        }

        File.WriteAllText(Path.Combine(_root, "Outside.dll"), "x");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_app, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private string[] Relative(IEnumerable<string> files) =>
        [.. files.Select(f => Path.GetRelativePath(_app, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void With_a_manifest_exactly_the_named_assemblies_that_exist_are_listed()
    {
        Write("Tool.deps.json", Manifest);

        IReadOnlyList<string> files = SandboxFiles.ToolFiles(Path.Combine(_app, "Tool.dll"));

        Assert.Equal(
            new[] { "Dep.dll", "Tool.deps.json", "Tool.dll", "de/Dep.resources.dll", "runtimes/linux-x64/native/libnative.so" },
            Relative(files));
    }

    [Fact]
    public void With_a_manifest_no_settings_file_is_listed_even_if_the_manifest_names_one()
    {
        Write("Tool.deps.json", Manifest);
        Write("lib/net10.0/appsettings.json", "{}");

        IReadOnlyList<string> files = SandboxFiles.ToolFiles(Path.Combine(_app, "Tool.dll"));

        Assert.DoesNotContain(files, static f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, static f => Path.GetFileName(f) is "secrets.json" or "web.config" or "Tool.runtimeconfig.json");
    }

    [Fact]
    public void A_manifest_entry_outside_the_tool_directory_is_ignored()
    {
        Write("Tool.deps.json", Manifest);

        IReadOnlyList<string> files = SandboxFiles.ToolFiles(Path.Combine(_app, "Tool.dll"));

        Assert.All(files, f => Assert.StartsWith(_app + Path.DirectorySeparatorChar, f, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_manifest_every_assembly_in_the_directory_is_listed_and_nothing_else()
    {
        IReadOnlyList<string> files = SandboxFiles.ToolFiles(Path.Combine(_app, "Tool.dll"));

        Assert.Equal(new[] { "Dep.dll", "Tool.dll", "Unlisted.dll" }, Relative(files));
    }

    [Fact]
    public void An_unreadable_manifest_still_lists_the_tool_and_its_manifest()
    {
        Write("Tool.deps.json", "{ not json");

        IReadOnlyList<string> files = SandboxFiles.ToolFiles(Path.Combine(_app, "Tool.dll"));

        Assert.Equal(new[] { "Tool.deps.json", "Tool.dll" }, Relative(files));
    }
}

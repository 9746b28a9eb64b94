using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Runner;

/// <summary>
/// The runner is found next to the application (where referencing its project puts it) or where configured, and
/// ships with its runtime configuration, its manifest and the assemblies that manifest names.
/// </summary>
public sealed class SandboxFilesFindTheRunner
{
    private static readonly string BinDirectory = AppContext.BaseDirectory;

    [Fact]
    public void Without_configuration_the_runner_is_found_next_to_the_application()
    {
        Assert.True(SandboxFiles.TryFindRunner(new SandboxOptions(), out string? runner, out string? problem), problem);

        Assert.Equal(Path.Combine(BinDirectory, SandboxFiles.RunnerFileName), runner);
    }

    [Fact]
    public void A_configured_directory_is_searched_for_the_runner()
    {
        Assert.True(SandboxFiles.TryFindRunner(BinDirectory, "/", out string? runner, out _));

        Assert.Equal(Path.Combine(BinDirectory, SandboxFiles.RunnerFileName), runner);
    }

    [Fact]
    public void A_configured_relative_path_is_resolved_against_the_application_directory()
    {
        Assert.True(SandboxFiles.TryFindRunner(SandboxFiles.RunnerFileName, BinDirectory, out string? runner, out _));

        Assert.Equal(Path.Combine(BinDirectory, SandboxFiles.RunnerFileName), runner);
    }

    [Fact]
    public void A_missing_runner_is_reported_with_how_to_provide_it()
    {
        Assert.False(SandboxFiles.TryFindRunner("/nonexistent/runner.dll", BinDirectory, out string? runner, out string? problem));

        Assert.Null(runner);
        Assert.Contains("Airlock:Sandbox:RunnerPath", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runner_without_its_runtime_configuration_is_not_usable()
    {
        string directory = Directory.CreateTempSubdirectory("airlock-runner-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, SandboxFiles.RunnerFileName), "x");

            Assert.False(SandboxFiles.TryFindRunner(directory, "/", out _, out string? problem));
            Assert.Contains(".runtimeconfig.json", problem, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_runners_files_are_its_assembly_configuration_manifest_and_dependencies()
    {
        string runner = Path.Combine(BinDirectory, SandboxFiles.RunnerFileName);

        string[] names = [.. SandboxFiles.RunnerFiles(runner).Select(Path.GetFileName).OfType<string>()];

        Assert.Contains(SandboxFiles.RunnerFileName, names);
        Assert.Contains("AgentAirlock.SandboxRunner.runtimeconfig.json", names);
        Assert.Contains("AgentAirlock.SandboxRunner.deps.json", names);
        Assert.Contains("ModelContextProtocol.Core.dll", names);
        Assert.Contains("Microsoft.Extensions.AI.Abstractions.dll", names);
        Assert.All(names, static name => Assert.True(
            name.EndsWith(".dll", StringComparison.Ordinal) || name.StartsWith("AgentAirlock.SandboxRunner.", StringComparison.Ordinal),
            name));
    }

    [Fact]
    public void Every_runner_file_exists_in_the_application_directory()
    {
        IReadOnlyList<string> files = SandboxFiles.RunnerFiles(Path.Combine(BinDirectory, SandboxFiles.RunnerFileName));

        Assert.All(files, static file => Assert.True(File.Exists(file), file));
        Assert.All(files, static file => Assert.Equal(Path.TrimEndingDirectorySeparator(BinDirectory), Path.GetDirectoryName(file)));
    }
}

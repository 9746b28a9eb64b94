using AgentAirlock.Sandbox;

namespace AgentAirlock.Tests.Sandbox.Bubblewrap;

[Collection(BubblewrapProcessTests.Name)]
public sealed class BubblewrapSandboxPassesOnlyTheAllowedEnvironment
{
    private const string SecretVariable = "AIRLOCK_BWRAP_TEST_SECRET";

    [Fact]
    public async Task The_runner_environment_holds_only_the_runtime_variables_and_the_operator_ones()
    {
        string secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(SecretVariable, secret);
        try
        {
            await using var harness = BubblewrapHarness.Create(options => options.Environment["TOOL_SETTING"] = "given by the operator");

            SandboxOutcome outcome = await harness.RunAsync(typeof(HostileTools), nameof(HostileTools.ReadEnvironment), "{}");

            string environment = BubblewrapHarness.Value(outcome);
            Assert.DoesNotContain(secret, environment, StringComparison.Ordinal);
            string[] names = [.. environment.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(entry => entry[..entry.IndexOf('=', StringComparison.Ordinal)]).Order(StringComparer.Ordinal)];
            Assert.Equal(
                [
                    BubblewrapHarness.MarkerVariable,
                    "DOTNET_EnableDiagnostics",
                    "DOTNET_EnableWriteXorExecute",
                    "DOTNET_GCHeapHardLimit",
                    "DOTNET_ROOT",
                    "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT",
                    "DOTNET_TieredPGO",
                    "DOTNET_gcConcurrent",
                    "DOTNET_gcServer",
                    "HOME",
                    // bwrap sets it after --chdir.
                    "PWD",
                    "TOOL_SETTING",
                ],
                names);
            Assert.Contains("TOOL_SETTING=given by the operator\n", environment, StringComparison.Ordinal);
            Assert.Contains("DOTNET_GCHeapHardLimit=0x4000000\n", environment, StringComparison.Ordinal);
            Assert.Contains("PWD=/tmp\n", environment, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SecretVariable, null);
        }
    }
}

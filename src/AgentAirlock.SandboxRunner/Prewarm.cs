using System.Reflection;
using System.Text;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;

namespace AgentAirlock.SandboxRunner;

/// <summary>
/// Runs a complete invocation of a tool inside the runner before the real request arrives, so that a runner started
/// ahead of need (a pooled one) has the JSON and reflection paths jitted and answers sooner.
/// </summary>
internal static class Prewarm
{
    public static void Run()
    {
        Assembly self = typeof(Prewarm).Assembly;
        MethodInfo method = typeof(PrewarmTools).GetMethod(nameof(PrewarmTools.Describe))!;
        string request =
            $$$"""{"assembly":"{{{self.Location}}}","type":"{{{typeof(PrewarmTools).FullName}}}","method":"{{{method.Name}}}","metadataToken":{{{method.MetadataToken}}},"arguments":{"name":"warm","count":1,"tags":["a"]}}""";
        using (RunnerRequest parsed = RunnerRequest.Parse(Encoding.UTF8.GetBytes(request)))
        {
            _ = Invocation.Run(parsed, self);
        }

        _ = RunnerResponse.Success("text");
        _ = RunnerResponse.Success(new TextContentBlock { Text = "block" });
        _ = RunnerResponse.Success(new List<ContentBlock> { new TextContentBlock { Text = "block" } });
        _ = RunnerResponse.Success(new TextContent("content"));
        _ = RunnerResponse.Success(new CallToolResult { Content = [new TextContentBlock { Text = "result" }] });
        _ = RunnerResponse.ToolFailed(new InvalidOperationException("warm"));
    }
}

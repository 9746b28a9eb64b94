using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace AgentAirlock.Benchmarks.Load;

/// <summary>
/// A CPU sample profile of a running server (EventPipe's sample profiler, like <c>dotnet-trace --profile
/// cpu-sampling</c>), reduced to what a reader of the benchmark needs: how much managed CPU time per request Airlock's
/// own code takes, next to the MCP SDK and the rest. The profiler looks at every managed thread once a
/// millisecond, so a sample of a thread running managed code stands for about a millisecond of its CPU time.
/// </summary>
internal sealed class CpuProfile : IDisposable
{
    private const string SampleProfiler = "Microsoft-DotNETCore-SampleProfiler";

    // The runtime events dotnet-trace's cpu-sampling profile asks for: method loads, so that stacks get names.
    private const long RuntimeKeywords = 0x14C14FCCBD;

    public const string Other = "other (Kestrel, hosting, thread pool)";

    private readonly string _path;
    private readonly EventPipeSession _session;
    private readonly Task _copy;

    private CpuProfile(int processId, string path)
    {
        _path = path;
        var client = new DiagnosticsClient(processId);
        EventPipeProvider[] providers =
        [
            new(SampleProfiler, EventLevel.Informational),
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeKeywords),
        ];
        _session = client.StartEventPipeSession(providers, requestRundown: true);
        _copy = CopyAsync(_session.EventStream, path);
    }

    public static CpuProfile Start(int processId) =>
        new(processId, Path.Combine(Path.GetTempPath(), $"airlock-bench-{processId}-{Guid.NewGuid():N}.nettrace"));

    /// <summary>
    /// Stops the session and gives each managed sample to one owner: the group of the frame nearest the leaf that
    /// belongs to a group. Library code in no group (System.Text.Json, ASP.NET Core helpers) is thereby charged to
    /// whoever called it, and a middleware is not charged for the SDK it calls. Samples with no owner on the stack
    /// (Kestrel's I/O loop, the thread pool) are "other". For the focus group, the innermost of its methods is counted too.
    /// </summary>
    public async Task<CpuProfileResult> StopAsync(IReadOnlyList<(string Group, string Prefix)> owners, string focusGroup)
    {
        _session.Stop();
        await _copy;
        string etlx = TraceLog.CreateFromEventPipeDataFile(_path);
        try
        {
            using var log = new TraceLog(etlx);
            long managed = 0;
            var byOwner = new Dictionary<string, long>(StringComparer.Ordinal);
            var byMethod = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (TraceEvent sample in log.Events.Where(e => e.ProviderName == SampleProfiler))
            {
                // Type 2 is a thread running managed code; type 1 is a thread outside it (waiting, or in native code).
                if (sample.PayloadIndex("Type") >= 0 && Convert.ToInt32(sample.PayloadByName("Type"), System.Globalization.CultureInfo.InvariantCulture) != 2)
                {
                    continue;
                }

                managed++;
                string owner = Other;
                for (TraceCallStack? frame = sample.CallStack(); frame is not null; frame = frame.Caller)
                {
                    string method = frame.CodeAddress.FullMethodName;
                    (string Group, string Prefix) match = owners.FirstOrDefault(o => method.StartsWith(o.Prefix, StringComparison.Ordinal));
                    if (match.Group is null)
                    {
                        continue;
                    }

                    owner = match.Group;
                    if (owner == focusGroup)
                    {
                        byMethod[method] = byMethod.GetValueOrDefault(method) + 1;
                    }

                    break;
                }

                byOwner[owner] = byOwner.GetValueOrDefault(owner) + 1;
            }

            return new CpuProfileResult(managed, byOwner, byMethod);
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        File.Delete(_path);
    }

    private static async Task CopyAsync(Stream events, string path)
    {
        await using FileStream file = File.Create(path);
        await events.CopyToAsync(file);
    }
}

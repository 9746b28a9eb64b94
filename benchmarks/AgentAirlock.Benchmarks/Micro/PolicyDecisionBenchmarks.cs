using System.Security.Claims;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Policy;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// The in-memory policy decision for the sample's demo agents (issue 3, point 9: ≤ 1 µs and no allocation on the
/// allowed path): <see cref="PolicyEvaluator.Check"/> on the policies compiled from the root appsettings.json, and the
/// same decision followed by the rate-limit acquisition the policy middleware makes for an allowed call
/// (<see cref="RateLimitService.AcquireAsync"/> with the in-memory store). Identities are built from the principal
/// the real API-key handler produces for the demo keys.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class PolicyDecisionBenchmarks
#pragma warning restore CA1001
{
    // A Monday: 12:00 UTC is inside BusinessHours (09:00-17:00 Mon-Fri, UTC), 20:00 outside. A fixed clock keeps the
    // cases from changing with the time of day the benchmark runs at.
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 20, 0, 0, TimeSpan.Zero);

    private AirlockOptions _options = null!;
    private PolicySet _set = null!;
    private AgentIdentity _identity = null!;
    private RateLimitService _rateLimits = null!;
    private string _tool = string.Empty;
    private DateTimeOffset _now;

    /// <summary>Gets or sets the caller, the tool, and what the shipped policies must say of it.</summary>
    [Params(
        "reader:search_documents",
        "admin:add",
        "admin:delete_record@open",
        "admin:delete_record@closed",
        "reader:delete_record",
        "anonymous:add@Permissive")]
    public string Case { get; set; } = "reader:search_documents";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Case.Split(':', '@');
        (string agent, _tool) = (parts[0], parts[1]);
        string? variant = parts.Length > 2 ? parts[2] : null;
        _now = variant == "closed" ? Evening : Noon;

        // The anonymous case is the load benchmark's "validation" server: the shipped file with DefaultPolicy=Permissive.
        _options = DemoAgents.LoadOptions(variant == "Permissive" ? DemoAgents.PermissiveDefault : null);
        _set = DemoAgents.Compile(_options);
        ClaimsPrincipal? user = agent switch
        {
            "admin" => Authenticate(DemoAgents.AdminKey),
            "reader" => Authenticate(DemoAgents.ReaderKey),
            _ => null,
        };
        _identity = DemoAgents.Identity(user, _options);

        // The reader's bucket holds 30 tokens refilled at one per 2 s; a clock that moves 2 s per reading refills one
        // token per call, so every call stays on the admitted path (the one the target is about).
        _rateLimits = new RateLimitService(new SteppingClock(TimeSpan.FromSeconds(2)), NullLogger<RateLimitService>.Instance);

        // Prove each case decides what its name says, and that acquiring never starts refusing.
        bool expectAllowed = _tool != "delete_record" || (agent == "admin" && variant == "open");
        for (int i = 0; i < 1000; i++)
        {
            if (DecisionAndAcquire() != expectAllowed)
            {
                throw new InvalidOperationException($"{Case}: expected {(expectAllowed ? "allowed" : "refused")} on call {i + 1}.");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _rateLimits.DisposeAsync();

    /// <summary>Which policy governs the call, by roles, globs and time windows.</summary>
    [Benchmark]
    public bool Decision() => PolicyEvaluator.Check(_set, _identity, _tool, _now).IsAllowed;

    /// <summary>The decision, then, when allowed, a token from every bucket of the governing policy (none for admin).</summary>
    [Benchmark]
    public bool DecisionAndAcquire()
    {
        AccessVerdict verdict = PolicyEvaluator.Check(_set, _identity, _tool, _now);
        if (!verdict.IsAllowed)
        {
            return false;
        }

        ValueTask<RateLimitOutcome> pending = _rateLimits.AcquireAsync(_options.Policy, verdict.Policy, _identity, _tool, CancellationToken.None);
        return pending.IsCompletedSuccessfully
            ? pending.Result.Allowed
            : throw new InvalidOperationException("The in-memory store answered asynchronously.");
    }

    private static ClaimsPrincipal Authenticate(string key)
    {
        // Only the handler's principal is needed; a host is made for it once per case.
        SampleHost host = SampleHost.Create();
        try
        {
            return DemoAgents.AuthenticateAsync(host.Services, key).GetAwaiter().GetResult();
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}

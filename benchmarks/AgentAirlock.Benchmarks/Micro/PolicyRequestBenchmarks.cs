using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Policy;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// The rest of the policy layer's per-request work, one part at a time: the API-key scheme (a handler is made per
/// request, as ASP.NET Core's handler provider makes one per request; it hashes the key and compares it with every
/// configured hash), reading the <see cref="AgentIdentity"/> from <c>HttpContext.User</c>, and one token from the
/// reader's in-memory bucket (<see cref="MemoryRateLimitStore.Acquire"/>).
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class PolicyRequestBenchmarks
#pragma warning restore CA1001
{
    private SampleHost _host = null!;
    private AirlockOptions _options = null!;
    private AuthenticationScheme _scheme = null!;
    private IOptionsMonitor<ApiKeyAuthenticationOptions> _handlerOptions = null!;
    private ILoggerFactory _loggerFactory = null!;
    private ApiKeyRegistry _keys = null!;
    private byte[][] _configuredDigests = [];
    private DefaultHttpContext _adminRequest = null!;
    private DefaultHttpContext _wrongKeyRequest = null!;
    private DefaultHttpContext _noKeyRequest = null!;
    private DefaultHttpContext _adminUser = null!;
    private DefaultHttpContext _anonymousUser = null!;
    private MemoryRateLimitStore _store = null!;
    private CompiledPolicy _readerPolicy = null!;
    private AgentIdentity _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = SampleHost.Create();
        IServiceProvider services = _host.Services;
        _options = DemoAgents.LoadOptions();
        _scheme = services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(AirlockApiKeyDefaults.AuthenticationScheme).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("The API-key scheme is not registered.");
        _handlerOptions = services.GetRequiredService<IOptionsMonitor<ApiKeyAuthenticationOptions>>();
        _loggerFactory = services.GetRequiredService<ILoggerFactory>();
        _keys = services.GetRequiredService<ApiKeyRegistry>();
        _configuredDigests = [.. _options.Policy.Identity.ApiKeys.Values.Select(k => Convert.FromHexString(k.Sha256))];

        _adminRequest = Request(DemoAgents.AdminKey);
        _wrongKeyRequest = Request("airlock-demo-nobody");
        _noKeyRequest = Request(null);

        ClaimsPrincipal admin = DemoAgents.AuthenticateAsync(services, DemoAgents.AdminKey).GetAwaiter().GetResult();
        _adminUser = new DefaultHttpContext { User = admin };
        _anonymousUser = new DefaultHttpContext();

        PolicySet set = DemoAgents.Compile(_options);
        _readerPolicy = set.ByName["Reader"];
        _reader = DemoAgents.Identity(DemoAgents.AuthenticateAsync(services, DemoAgents.ReaderKey).GetAwaiter().GetResult(), _options);

        // See SteppingClock: one token regained per call keeps the 30/minute bucket on the admitted path.
        _store = new MemoryRateLimitStore(new SteppingClock(TimeSpan.FromSeconds(2)));

        if (!Authenticate(_adminRequest).GetAwaiter().GetResult() || Authenticate(_wrongKeyRequest).GetAwaiter().GetResult()
            || Authenticate(_noKeyRequest).GetAwaiter().GetResult() || HashAndCompare_admin() != 1
            || Identity_admin() != 1 || Identity_anonymous() != 0 || Enumerable.Range(0, 1000).Any(_ => !MemoryAcquire_reader()))
        {
            throw new InvalidOperationException("A policy request benchmark does not measure the path it claims.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _host.DisposeAsync();

    /// <summary>The SHA-256 of the presented key (18 characters), no comparison.</summary>
    [Benchmark]
    public byte ApiKeyDigest_admin()
    {
        Span<byte> digest = stackalloc byte[ApiKeyDigest.Length];
        ApiKeyDigest.Compute(DemoAgents.AdminKey, digest);
        return digest[0];
    }

    /// <summary>The handler's core: the hash, then a constant-time comparison with each configured hash (two here).</summary>
    [Benchmark]
    public int HashAndCompare_admin()
    {
        Span<byte> digest = stackalloc byte[ApiKeyDigest.Length];
        ApiKeyDigest.Compute(DemoAgents.AdminKey, digest);
        int matches = 0;
        foreach (byte[] configured in _configuredDigests)
        {
            matches += CryptographicOperations.FixedTimeEquals(digest, configured) ? 1 : 0;
        }

        return matches;
    }

    /// <summary>A request with the admin key: new handler, InitializeAsync, AuthenticateAsync (principal and ticket built).</summary>
    [Benchmark]
    public Task<bool> ApiKeyHandler_admin() => Authenticate(_adminRequest);

    /// <summary>A request with a key that is not configured: the same hashing, then a failure result.</summary>
    [Benchmark]
    public Task<bool> ApiKeyHandler_wrongKey() => Authenticate(_wrongKeyRequest);

    /// <summary>A request without a key (the bare and validation configurations of the load benchmark).</summary>
    [Benchmark]
    public Task<bool> ApiKeyHandler_noKey() => Authenticate(_noKeyRequest);

    /// <summary>The policy layer's identity of an admin request: agent id and roles read from the claims.</summary>
    [Benchmark]
    public int Identity_admin() => AgentIdentity.From(_adminUser, _options.Policy.Identity).Roles.Length;

    /// <summary>The identity of an anonymous request: its rate-limit partition is built from the remote address.</summary>
    [Benchmark]
    public int Identity_anonymous() => AgentIdentity.From(_anonymousUser, _options.Policy.Identity).Roles.Length;

    /// <summary>One token from the reader's 30/minute bucket, per agent, in memory.</summary>
    [Benchmark]
    public bool MemoryAcquire_reader() => _store.Acquire(_readerPolicy, _reader, "search_documents").Allowed;

    private static DefaultHttpContext Request(string? apiKey)
    {
        var context = new DefaultHttpContext();
        if (apiKey is not null)
        {
            context.Request.Headers[AirlockApiKeyDefaults.HeaderName] = apiKey;
        }

        return context;
    }

    private async Task<bool> Authenticate(HttpContext context)
    {
        // What AuthenticationHandlerProvider does per request: a new (transient) handler, initialized for the scheme.
        var handler = new ApiKeyAuthenticationHandler(_handlerOptions, _loggerFactory, UrlEncoder.Default, _keys);
        await handler.InitializeAsync(_scheme, context);
        AuthenticateResult result = await handler.AuthenticateAsync();
        return result.Succeeded;
    }
}

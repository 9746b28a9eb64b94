using System.Buffers;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Protocol;
using AgentAirlock.Validation;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// What Airlock does to one <c>tools/call</c> of the sample, split in its parts: the envelope (read the body into a
/// pooled array, parse it once, refuse what the SDK could read differently), validation (catalog look-up, then the
/// compiled schema check of the real sample tool), and both together as the middleware runs them, including, for a
/// refused call, building and writing the self-healing blocked answer.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class AirlockCallBenchmarks
#pragma warning restore CA1001
{
    private SampleHost _host = null!;
    private SampleCall _call = null!;
    private IToolCatalog _catalog = null!;
    private McpResponseWriter _writer = null!;
    private DefaultHttpContext _context = null!;
    private MemoryStream _responseBody = null!;
    private McpRequest _parsed = null!;
    private int _maxDepth;
    private bool _strictTypes;

    [ParamsSource(nameof(CallNames))]
    public string Call { get; set; } = SampleCalls.Add.Name;

    public static IEnumerable<string> CallNames => SampleCalls.All.Select(c => c.Name);

    [GlobalSetup]
    public void Setup()
    {
        _host = SampleHost.Create();
        _call = SampleCalls.Get(Call);
        _catalog = _host.Catalog;
        _writer = _host.ResponseWriter;
        AirlockOptions options = _host.Services.GetRequiredService<IOptionsMonitor<AirlockOptions>>().CurrentValue;
        _maxDepth = options.Envelope.MaxDepth;
        _strictTypes = options.Validation.StrictTypes;

        _context = new DefaultHttpContext();
        _call.ApplyTo(_context.Request);
        _responseBody = new MemoryStream(4096);
        _context.Response.Body = _responseBody;

        // The validation-only benchmark checks arguments parsed once here; the request owns its buffer until cleanup.
        _parsed = Parse();

        // Prove each benchmark measures the path it claims: a valid call passes, a refused one is refused.
        int problems = EnvelopeAndValidation();
        if (problems > 0 != _call.Rejected)
        {
            throw new InvalidOperationException($"{_call.Name}: expected {(_call.Rejected ? "a refusal" : "no problems")}, got {problems} problem(s).");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _parsed.Dispose();
        await _responseBody.DisposeAsync();
        await _host.DisposeAsync();
    }

    /// <summary>Reads the body into a pooled array as <c>RequestBodyReader</c> does, parses it, and releases it.</summary>
    [Benchmark]
    public int Envelope()
    {
        using McpRequest request = Parse();
        return (int)request.Kind;
    }

    /// <summary>The per-call work of the validation layer on an already parsed call: the problem count.</summary>
    [Benchmark]
    public int Validation()
    {
        ToolDescriptor tool = Lookup(_parsed);
        ValidationScratch scratch = ValidationScratch.Rent(tool.Schema.Root, _strictTypes);
        try
        {
            ArgumentValidator.Validate(_parsed.Arguments, scratch);
            tool.FullValidator?.Validate(_parsed.Arguments, scratch);
            return scratch.Problems.Count;
        }
        finally
        {
            ValidationScratch.Return(scratch);
        }
    }

    /// <summary>Envelope, validation and, when refused, the blocked answer written to the response body.</summary>
    [Benchmark]
    public int EnvelopeAndValidation()
    {
        using McpRequest request = Parse();
        ToolDescriptor tool = Lookup(request);
        ValidationScratch scratch = ValidationScratch.Rent(tool.Schema.Root, _strictTypes);
        BlockedAnswer? answer = null;
        int problems;
        try
        {
            ArgumentValidator.Validate(request.Arguments, scratch);
            tool.FullValidator?.Validate(request.Arguments, scratch);
            problems = scratch.Problems.Count;
            if (problems > 0)
            {
                answer = ValidationAnswers.Refuse(tool, scratch, ghostsStripped: false);
            }
        }
        finally
        {
            ValidationScratch.Return(scratch);
        }

        if (answer is not null)
        {
            _responseBody.SetLength(0);

            // A MemoryStream completes the write synchronously; the wait never blocks.
            _writer.WriteBlockedAsync(_context, request, answer).GetAwaiter().GetResult();
        }

        return problems;
    }

    private McpRequest Parse()
    {
        // RequestBodyReader rents Content-Length + 1 bytes, so that an oversized body is noticed.
        int length = _call.Body.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length + 1);
        _call.Body.CopyTo(buffer, 0);
        McpRequest? request = McpRequest.Parse(_context.Request, buffer, length, _maxDepth, out EnvelopeRefusal refusal);
        if (request is null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new InvalidOperationException($"{_call.Name}: the envelope refused the call: {refusal.Message}");
        }

        return request;
    }

    private ToolDescriptor Lookup(McpRequest request) =>
        request.ToolName is string name && _catalog.TryGetTool(name, out ToolDescriptor? tool)
            ? tool
            : throw new InvalidOperationException($"{_call.Name}: unknown tool.");
}

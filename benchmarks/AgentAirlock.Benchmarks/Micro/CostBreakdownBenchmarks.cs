using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using AgentAirlock.Audit;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Protocol;
using AgentAirlock.Validation;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// The parts of the per-call cost, one at a time, so that the totals of the other benchmarks can be attributed:
/// the System.Text.Json floor under the envelope, what the middlewares add around parse and validation, and the
/// steps of a refusal (validation with problems, the answer object, its text, its JSON).
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class CostBreakdownBenchmarks
#pragma warning restore CA1001
{
    private static readonly JsonDocumentOptions EnvelopeOptions = new()
    {
        MaxDepth = 32,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private SampleHost _host = null!;
    private IDecisionSink _decisions = null!;
    private McpResponseWriter _writer = null!;
    private ToolDescriptor _add = null!;
    private DefaultHttpContext _addContext = null!;
    private DefaultHttpContext _ghostContext = null!;
    private McpRequest _addRequest = null!;
    private McpRequest _ghostRequest = null!;
    private BlockedAnswer _ghostAnswer = null!;
    private MemoryStream _responseBody = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = SampleHost.Create();
        _decisions = _host.Services.GetRequiredService<IDecisionSink>();
        _writer = _host.ResponseWriter;
        _add = _host.Tool("add");
        (_addContext, _addRequest) = Parse(SampleCalls.Add);
        (_ghostContext, _ghostRequest) = Parse(SampleCalls.GhostArgument);
        _responseBody = new MemoryStream(4096);
        _ghostContext.Response.Body = _responseBody;
        _ghostAnswer = ValidateAndRefuseGhost() ?? throw new InvalidOperationException("The ghost call was not refused.");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _addRequest.Dispose();
        _ghostRequest.Dispose();
        await _responseBody.DisposeAsync();
        await _host.DisposeAsync();
    }

    /// <summary>The floor under the envelope: UTF-8 check and JsonDocument with the envelope's options, for add.</summary>
    [Benchmark]
    public int JsonDocumentOnly_add()
    {
        byte[] body = SampleCalls.Add.Body;
        if (!Utf8.IsValid(body))
        {
            throw new InvalidOperationException("Not UTF-8.");
        }

        using JsonDocument document = JsonDocument.Parse(body.AsMemory(), EnvelopeOptions);
        return (int)document.RootElement.ValueKind;
    }

    /// <summary>What the envelope does after parsing: hand the SDK the buffered body as a new stream.</summary>
    [Benchmark]
    public long AttachBody_add()
    {
        _addRequest.AttachBody();
        return _addContext.Request.ContentLength ?? 0;
    }

    /// <summary>The validation layer's report of an allowed call (logging below Information, no listeners).</summary>
    [Benchmark]
    public void DecisionAllowed_add() => _decisions.Report(new AirlockDecision
    {
        Layer = AirlockLayer.Validation,
        Outcome = DecisionOutcome.Allowed,
        Method = _addRequest.Method,
        ToolName = _add.Name,
        ToolKnown = true,
        Arguments = _addRequest.Arguments,
    });

    /// <summary>Validation that finds the ghost, then the self-healing answer object built from the problems.</summary>
    [Benchmark]
    public int ValidateAndRefuse_ghost() => ValidateAndRefuseGhost()?.FixHints.Count ?? 0;

    /// <summary>The text block of the blocked answer (error and suggested fixes).</summary>
    [Benchmark]
    public string BlockedText_ghost() => _ghostAnswer.ToText();

    /// <summary>The blocked answer serialized and written (JSON-RPC result, structured content, metadata).</summary>
    [Benchmark]
    public long WriteBlocked_ghost()
    {
        _responseBody.SetLength(0);

        // A MemoryStream completes the write synchronously; the wait never blocks.
        _writer.WriteBlockedAsync(_ghostContext, _ghostRequest, _ghostAnswer).GetAwaiter().GetResult();
        return _responseBody.Length;
    }

    /// <summary>The validation layer's report of a blocked call, with the names of the arguments at fault.</summary>
    [Benchmark]
    public void DecisionBlocked_ghost() => _decisions.Report(new AirlockDecision
    {
        Layer = AirlockLayer.Validation,
        Outcome = DecisionOutcome.Blocked,
        Reason = _ghostAnswer.Reason.ToWireName(),
        Method = _ghostRequest.Method,
        ToolName = _add.Name,
        ToolKnown = true,
        ArgumentNames = [.. _ghostAnswer.BlockedArguments],
    });

    private BlockedAnswer? ValidateAndRefuseGhost()
    {
        ValidationScratch scratch = ValidationScratch.Rent(_add.Schema.Root, strictTypes: true);
        try
        {
            ArgumentValidator.Validate(_ghostRequest.Arguments, scratch);
            return scratch.Problems.Count > 0 ? ValidationAnswers.Refuse(_add, scratch, ghostsStripped: false) : null;
        }
        finally
        {
            ValidationScratch.Return(scratch);
        }
    }

    private static (DefaultHttpContext Context, McpRequest Request) Parse(SampleCall call)
    {
        var context = new DefaultHttpContext();
        call.ApplyTo(context.Request);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(call.Body.Length + 1);
        call.Body.CopyTo(buffer, 0);
        McpRequest request = McpRequest.Parse(context.Request, buffer, call.Body.Length, 32, out EnvelopeRefusal refusal)
            ?? throw new InvalidOperationException($"{call.Name}: {refusal.Message}");
        return (context, request);
    }
}

using System.Diagnostics;
using AgentAirlock.Audit;
using AgentAirlock.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace AgentAirlock.Policy;

/// <summary>
/// The policy layer: every request to an MCP endpoint is checked against who is calling (HTTP 401 when the policy
/// requires an identity the caller lacks, or the credentials presented are invalid); every <c>tools/call</c> against
/// which tools the caller may use, when, and how often; and every <c>tools/list</c> result is rewritten to show the
/// caller only the tools it may call now.
/// </summary>
internal sealed class PolicyMiddleware
{
    /// <summary>Not a valid MCP tool name, so no real tool shares its buckets.</summary>
    private const string UnknownToolBucket = "(unknown tool)";

    private readonly RequestDelegate _next;
    private readonly AirlockOptionsAccessor _options;
    private readonly PolicySetProvider _policies;
    private readonly RateLimitService _rateLimits;
    private readonly McpResponseWriter _writer;
    private readonly IDecisionSink _decisions;
    private readonly TimeProvider _time;
    private readonly IToolDirectory _tools;
    private readonly AirlockTelemetry _telemetry;

    public PolicyMiddleware(
        RequestDelegate next,
        AirlockOptionsAccessor options,
        PolicySetProvider policies,
        RateLimitService rateLimits,
        McpResponseWriter writer,
        IDecisionSink decisions,
        TimeProvider time,
        IToolDirectory tools,
        AirlockTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(rateLimits);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(telemetry);
        _tools = tools;
        _telemetry = telemetry;
        rateLimits.Prepare(options.Current.Policy);
        _next = next;
        _options = options;
        _policies = policies;
        _rateLimits = rateLimits;
        _writer = writer;
        _decisions = decisions;
        _time = time;
    }

    public Task InvokeAsync(HttpContext context)
    {
        AirlockOptions options = _options.Current;
        if (!options.Enabled || McpEndpoints.Classify(context.GetEndpoint()) == McpEndpointKind.None)
        {
            return _next(context);
        }

        long start = Stopwatch.GetTimestamp();
        PolicySet policies = _policies.For(options);
        AgentIdentity identity = AgentIdentity.From(context, options.Policy.Identity);
        context.Features.Set(identity);
        return identity.IsAuthenticated
            ? ContinueAsync(context, policies, identity, options, start)
            : CheckAnonymousAsync(context, policies, identity, options, start);
    }

    private Task CheckAnonymousAsync(HttpContext context, PolicySet policies, AgentIdentity identity, AirlockOptions options, long start)
    {
        // Usually answered at once (the authentication middleware has already run the default scheme): stay
        // synchronous then, so that no state machine lives across the rest of the pipeline.
        Task<string?> failure = FindCredentialFailureAsync(context);
        return failure.IsCompletedSuccessfully
            ? AdmitAnonymousAsync(context, policies, identity, options, failure.Result, start)
            : AwaitCredentialCheckAsync(failure, context, policies, identity, options, start);
    }

    private async Task AwaitCredentialCheckAsync(Task<string?> failure, HttpContext context, PolicySet policies, AgentIdentity identity, AirlockOptions options, long start) =>
        await AdmitAnonymousAsync(context, policies, identity, options, await failure, start);

    private Task AdmitAnonymousAsync(HttpContext context, PolicySet policies, AgentIdentity identity, AirlockOptions options, string? credentialFailure, long start)
    {
        if (credentialFailure is not null)
        {
            return ChallengeAsync(context, "invalid_credentials", "Unauthorized: " + credentialFailure, start);
        }

        if (PolicyEvaluator.RequiresIdentity(policies, identity))
        {
            return ChallengeAsync(context, "identity_required",
                "Unauthorized: this MCP endpoint requires an identified caller (for example an API key in the X-API-Key header).", start);
        }

        return ContinueAsync(context, policies, identity, options, start);
    }

    /// <summary>
    /// Why the credentials an unidentified caller presented were not accepted, or <see langword="null"/> when it
    /// presented none: a bad key is 401 whatever the policy, never a silent fall-back to the anonymous policy. The
    /// authentication middleware records only successes, so the default scheme (its result is cached for the request)
    /// is asked for its reason; credentials no scheme looked at are refused as well.
    /// </summary>
    private static async Task<string?> FindCredentialFailureAsync(HttpContext context)
    {
        if (context.RequestServices.GetService<IAuthenticationSchemeProvider>() is { } schemes
            && await schemes.GetDefaultAuthenticateSchemeAsync() is not null
            && (await context.AuthenticateAsync()).Failure is { } failure)
        {
            return failure.Message;
        }

        IHeaderDictionary headers = context.Request.Headers;
        return headers.ContainsKey(HeaderNames.Authorization) || headers.ContainsKey(AirlockApiKeyDefaults.HeaderName)
            ? "The credentials presented (an Authorization or X-API-Key header) were not accepted by any authentication scheme."
            : null;
    }

    private Task ContinueAsync(HttpContext context, PolicySet policies, AgentIdentity identity, AirlockOptions options, long start)
    {
        if (context.Features.Get<IMcpRequestFeature>() is not McpRequest request || request.Kind != McpMessageKind.Request)
        {
            return _next(context);
        }

        request.AgentId = identity.AgentId;
        if (request.IsToolCall && request.ToolName is string tool)
        {
            return CheckCallAsync(context, request, tool, policies, identity, options.Policy, start);
        }

        if (ReferenceEquals(request.Method, McpProtocol.ToolsList))
        {
            request.AddResponseTransform(new ToolListFilter(policies, identity, _time.GetUtcNow()).Write);
        }

        return _next(context);
    }

    private Task CheckCallAsync(HttpContext context, McpRequest request, string tool, PolicySet policies, AgentIdentity identity, PolicyOptions options, long start)
    {
        DateTimeOffset now = _time.GetUtcNow();
        AccessVerdict verdict = PolicyEvaluator.Check(policies, identity, tool, now);
        if (!verdict.IsAllowed)
        {
            return BlockAsync(context, request, identity, start, PolicyAnswers.Refuse(verdict, tool, now));
        }

        // The in-memory store always answers at once: stay synchronous then, and await only a remote store. Calls to
        // tools the server does not have (validation refuses them next) share one bucket name, so invented names
        // cannot create buckets without end.
        string bucketTool = _tools.Exists(tool) ? tool : UnknownToolBucket;
        ValueTask<RateLimitOutcome> pending = _rateLimits.AcquireAsync(options, verdict.Policy, identity, bucketTool, context.RequestAborted);
        return pending.IsCompletedSuccessfully
            ? ApplyRateLimitOutcome(context, request, tool, identity, verdict, pending.Result, start)
            : AwaitRateLimitAsync(pending, context, request, tool, identity, verdict, start);
    }

    private async Task AwaitRateLimitAsync(ValueTask<RateLimitOutcome> pending, HttpContext context, McpRequest request, string tool, AgentIdentity identity, AccessVerdict verdict, long start) =>
        await ApplyRateLimitOutcome(context, request, tool, identity, verdict, await pending, start);

    private Task ApplyRateLimitOutcome(HttpContext context, McpRequest request, string tool, AgentIdentity identity, AccessVerdict verdict, RateLimitOutcome outcome, long start)
    {
        if (outcome.Unavailable)
        {
            return BlockAsync(context, request, identity, start, PolicyAnswers.StoreUnavailable(tool));
        }

        if (!outcome.Allowed)
        {
            RecordRejection(verdict.Policy.Name);
            return BlockAsync(context, request, identity, start, PolicyAnswers.RateLimited(outcome, tool, verdict.Policy), outcome.Degraded);
        }

        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Policy,
            Outcome = DecisionOutcome.Allowed,
            Reason = outcome.Degraded ? "rate_limit_store_degraded" : null,
            Method = request.Method,
            ToolName = tool,
            ToolKnown = _tools.Exists(tool),
            AgentId = identity.AgentId,
            Roles = identity.Roles,
            Degraded = outcome.Degraded,
            Call = request.Audit,
            Started = start,
        });
        return _next(context);
    }

    private void RecordRejection(string policy)
    {
        if (_telemetry.RateLimitRejections.Enabled)
        {
            _telemetry.RateLimitRejections.Add(1, new KeyValuePair<string, object?>("airlock.policy", policy));
        }
    }

    private Task BlockAsync(HttpContext context, McpRequest request, AgentIdentity identity, long start, BlockedAnswer answer, bool degraded = false)
    {
        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Policy,
            Outcome = DecisionOutcome.Blocked,
            Reason = answer.Reason.ToWireName(),
            Method = request.Method,
            ToolName = answer.ToolName,
            ToolKnown = _tools.Exists(answer.ToolName),
            AgentId = identity.AgentId,
            Roles = identity.Roles,
            Degraded = degraded,
            Call = request.Audit,
            Started = start,
        });
        return _writer.WriteBlockedAsync(context, request, answer);
    }

    private async Task ChallengeAsync(HttpContext context, string reason, string message, long start)
    {
        IMcpRequestFeature? request = context.Features.Get<IMcpRequestFeature>();
        _decisions.Report(new AirlockDecision
        {
            Layer = AirlockLayer.Policy,
            Outcome = DecisionOutcome.Refused,
            Reason = reason,
            Method = request?.Method,
            ToolName = request?.ToolName,
            ToolKnown = request?.ToolName is string name && _tools.Exists(name),
            Call = (request as McpRequest)?.Audit,
            Started = start,
        });

        // The authentication scheme names itself in WWW-Authenticate; without one, Airlock's API-key scheme is named.
        if (context.RequestServices.GetService<IAuthenticationSchemeProvider>() is { } schemes
            && await schemes.GetDefaultChallengeSchemeAsync() is not null)
        {
            await context.ChallengeAsync();
        }

        if (!context.Response.Headers.ContainsKey(HeaderNames.WWWAuthenticate))
        {
            context.Response.Headers.WWWAuthenticate = AirlockApiKeyDefaults.Challenge;
        }

        await McpResponseWriter.WriteErrorAsync(context, request?.Id ?? default, StatusCodes.Status401Unauthorized, McpProtocol.Unauthorized, message);
    }
}

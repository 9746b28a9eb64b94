using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace ConformanceServer;

/// <summary>Completion and resource subscription handlers.</summary>
internal static class ConformanceHandlers
{
    private static readonly string[] PromptArgumentValues = ["paris", "park", "party", "test", "testValue1", "testValue2"];
    private static readonly string[] TemplateIdValues = ["1", "2", "3", "123"];
    private static readonly HashSet<string> SubscribableUris = new(StringComparer.Ordinal)
    {
        ConformanceResources.StaticTextUri,
        ConformanceResources.StaticBinaryUri,
        ConformanceResources.WatchedUri,
    };

    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        CompleteRequestParams? request = context.Params;
        string[] candidates = request?.Ref switch
        {
            PromptReference { Name: "test_prompt_with_arguments" } => PromptArgumentValues,
            ResourceTemplateReference { Uri: ConformanceResources.TemplateUri } when request.Argument.Name == "id" => TemplateIdValues,
            _ => [],
        };

        string prefix = request?.Argument.Value ?? string.Empty;
        string[] values = [.. candidates.Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))];
        return ValueTask.FromResult(new CompleteResult
        {
            Completion = new Completion { Values = values, Total = values.Length, HasMore = false },
        });
    }

    // The resources never change, so a subscription produces no updates; what the handlers enforce is that only
    // resources this server has can be subscribed to.
    public static ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequireKnownResource(context.Params?.Uri);
        return ValueTask.FromResult(new EmptyResult());
    }

    public static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequireKnownResource(context.Params?.Uri);
        return ValueTask.FromResult(new EmptyResult());
    }

    private static void RequireKnownResource(string? uri)
    {
        if (uri is null || !SubscribableUris.Contains(uri))
        {
            throw new McpProtocolException($"Unknown resource: '{uri}'", McpErrorCode.ResourceNotFound);
        }
    }
}

using Microsoft.AspNetCore.Http;

namespace AgentAirlock.Benchmarks.Experiment;

/// <summary>An async middleware that only awaits the next one: the cost of one more async layer around the SDK.</summary>
internal sealed class PassThroughMiddleware
{
    private readonly RequestDelegate _next;

    public PassThroughMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        finally
        {
            // Airlock's envelope does its clean-up here; this layer has none, but keeps the same shape.
            context.Items.Remove(this);
        }
    }
}

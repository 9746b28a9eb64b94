namespace AgentAirlock.Audit;

/// <summary>
/// Receives every decision of every layer. The one implementation fans out to logging, tracing and metrics.
/// </summary>
internal interface IDecisionSink
{
    void Report(in AirlockDecision decision);
}

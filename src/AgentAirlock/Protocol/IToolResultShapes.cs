namespace AgentAirlock.Protocol;

/// <summary>
/// What the response writer must know of a tool to shape a refusal: whether it declares an output schema (its
/// results then carry structured content of that schema, which a refusal does not have).
/// </summary>
internal interface IToolResultShapes
{
    bool DeclaresOutputSchema(string toolName);
}

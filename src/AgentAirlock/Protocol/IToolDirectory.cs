namespace AgentAirlock.Protocol;

/// <summary>
/// What any layer may ask about a tool by name without depending on the validation layer's catalog: whether it
/// exists (names of unknown tools are invented by callers and are kept out of metric dimensions) and whether it
/// declares an output schema (its results then carry structured content of that schema, which a refusal does not).
/// </summary>
internal interface IToolDirectory
{
    bool Exists(string toolName);

    bool DeclaresOutputSchema(string toolName);
}

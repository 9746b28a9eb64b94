using System.Text.Json;

namespace AgentAirlock.Validation;

/// <summary>
/// One problem found in a call's arguments. It never holds the offending value, only where it is and what
/// kind of value it was.
/// </summary>
/// <param name="Path">Where: the argument name, with <c>.member</c> and <c>[index]</c> for nested values.</param>
/// <param name="Name">The innermost member name (the argument name at the top level).</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Schema">The schema the value failed, for messages and hints; <see langword="null"/> for ghosts.</param>
/// <param name="Actual">The JSON kind of the value that was sent.</param>
/// <param name="Detail">Extra text: a suggested name for a ghost, the validator's message for <see cref="ArgumentProblemKind.Schema"/>.</param>
internal sealed record ArgumentProblem(string Path, string Name, ArgumentProblemKind Kind, SchemaNode? Schema, JsonValueKind Actual, string? Detail = null)
{
    public bool IsGhost => Kind == ArgumentProblemKind.Unknown;
}

using System.Text.Json.Nodes;
using AgentAirlock.Protocol;

namespace AgentAirlock.Validation;

/// <summary>
/// Builds the self-healing answers of the validation layer from the problems found in a call.
/// </summary>
internal static class ValidationAnswers
{
    /// <summary>
    /// The answer to a call with problems. Ghost arguments alone are <c>ghost_arguments</c>; anything else makes it a
    /// <c>validation_error</c> that lists every problem, ghosts included unless they are being stripped.
    /// </summary>
    public static BlockedAnswer Refuse(ToolDescriptor tool, ValidationScratch found, bool ghostsStripped)
    {
        ArgumentNullException.ThrowIfNull(found);
        List<ArgumentProblem> problems = found.Problems;
        List<ArgumentProblem> ghosts = [.. problems.Where(p => p.IsGhost)];
        List<ArgumentProblem> reported = ghostsStripped ? [.. problems.Where(p => !p.IsGhost)] : [.. problems];
        bool onlyGhosts = !found.HasNonGhostProblem;
        int unreported = found.UnreportedOthers + (ghostsStripped ? 0 : found.UnreportedGhosts);

        string more = unreported > 0 ? $" (and {unreported} more problems not listed)" : string.Empty;
        string error = onlyGhosts
            ? $"Tool '{tool.Name}' received unknown arguments: {string.Join(", ", ghosts.Select(g => g.Path).Order(StringComparer.Ordinal))}{more}"
            : $"Tool '{tool.Name}' validation failed. {string.Join("; ", reported.Select(p => p.Path + ": " + ProblemDescriptions.Message(p)))}{more}";

        var answer = new BlockedAnswer(onlyGhosts ? BlockReason.GhostArguments : BlockReason.ValidationError, tool.Name, error);
        var errors = new JsonArray();
        foreach (ArgumentProblem problem in reported)
        {
            string hint = ProblemDescriptions.Hint(problem, tool.Name);
            answer.FixHints.Add(hint);
            if (!answer.BlockedArguments.Contains(problem.Path))
            {
                answer.BlockedArguments.Add(problem.Path);
            }

            errors.Add(new JsonObject
            {
                ["field"] = problem.Path,
                ["type"] = KindCode(problem.Kind),
                ["message"] = ProblemDescriptions.Message(problem),
                ["fix_hint"] = hint,
            });
        }

        if (onlyGhosts)
        {
            answer.FixHints.Add($"Call '{tool.Name}' with only its declared parameters: {ParameterNames(tool)}");
        }

        answer.Metadata["tool"] = tool.Name;
        answer.Metadata["error_count"] = reported.Count + unreported;
        answer.Metadata["errors"] = errors;
        if (ghosts.Count > 0)
        {
            answer.Metadata[ghostsStripped ? "stripped_arguments" : "ghost_arguments"] =
                new JsonArray([.. ghosts.Select(g => (JsonNode?)JsonValue.Create(g.Path))]);
        }

        answer.Metadata["parameters"] = Parameters(tool);
        return answer;
    }

    /// <summary>The answer to a call to a tool whose schema Airlock cannot use: fail closed.</summary>
    public static BlockedAnswer SchemaUnavailable(ToolDescriptor tool)
    {
        var answer = new BlockedAnswer(BlockReason.ValidationError, tool.Name,
            $"Tool '{tool.Name}' cannot be called: its input schema cannot be checked, so Airlock refuses every call to it.");
        answer.FixHints.Add("Do not retry this tool; report the problem to the server's operator.");
        answer.Metadata["tool"] = tool.Name;
        answer.Metadata["schema_problem"] = "unusable_schema";
        return answer;
    }

    private static string ParameterNames(ToolDescriptor tool)
    {
        SchemaProperty[] properties = tool.Schema.Root.Properties;
        return properties.Length == 0
            ? "it takes no arguments"
            : string.Join(", ", properties.Select(p => p.Required ? p.Name : p.Name + " (optional)"));
    }

    private static JsonArray Parameters(ToolDescriptor tool)
    {
        var list = new JsonArray();
        foreach (SchemaProperty property in tool.Schema.Root.Properties)
        {
            list.Add(new JsonObject
            {
                ["name"] = property.Name,
                ["type"] = ProblemDescriptions.TypeList(property.Schema),
                ["required"] = property.Required,
            });
        }

        return list;
    }

    private static string KindCode(ArgumentProblemKind kind) => kind switch
    {
        ArgumentProblemKind.Unknown => "unknown_argument",
        ArgumentProblemKind.Missing => "missing",
        ArgumentProblemKind.WrongType => "wrong_type",
        ArgumentProblemKind.NotInteger => "not_integer",
        ArgumentProblemKind.OutOfRange => "out_of_range",
        ArgumentProblemKind.BelowMinimum => "below_minimum",
        ArgumentProblemKind.AboveMaximum => "above_maximum",
        ArgumentProblemKind.NotMultipleOf => "not_multiple_of",
        ArgumentProblemKind.TooShort => "too_short",
        ArgumentProblemKind.TooLong => "too_long",
        ArgumentProblemKind.PatternMismatch => "pattern_mismatch",
        ArgumentProblemKind.PatternTimeout => "pattern_timeout",
        ArgumentProblemKind.NotInEnum => "not_in_enum",
        ArgumentProblemKind.NotConst => "not_const",
        ArgumentProblemKind.TooFewItems => "too_few_items",
        ArgumentProblemKind.TooManyItems => "too_many_items",
        ArgumentProblemKind.NotUnique => "not_unique",
        ArgumentProblemKind.InvalidFormat => "invalid_format",
        ArgumentProblemKind.InvalidString => "invalid_string",
        ArgumentProblemKind.Forbidden => "forbidden",
        _ => "schema_violation",
    };
}

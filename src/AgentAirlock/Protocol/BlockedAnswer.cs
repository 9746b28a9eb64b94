using System.Text;
using System.Text.Json.Nodes;

namespace AgentAirlock.Protocol;

/// <summary>
/// A self-healing refusal: a tool result with <c>isError: true</c> whose text and structured content name what
/// was wrong and how to fix it, so the model can retry correctly.
/// </summary>
internal sealed class BlockedAnswer
{
    public const string Prefix = "AIRLOCK_BLOCK: ";

    public BlockedAnswer(BlockReason reason, string toolName, string error)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(error);
        Reason = reason;
        ToolName = toolName;
        Error = error.StartsWith(Prefix, StringComparison.Ordinal) ? error : Prefix + error;
    }

    public BlockReason Reason { get; }

    public string ToolName { get; }

    /// <summary>Gets the error, always starting with <see cref="Prefix"/>.</summary>
    public string Error { get; }

    public IList<string> FixHints { get; } = [];

    /// <summary>Gets the names of the arguments at fault (argument paths for nested members).</summary>
    public IList<string> BlockedArguments { get; } = [];

    /// <summary>Gets layer-specific details; never argument values.</summary>
    public JsonObject Metadata { get; } = [];

    /// <summary>Gets or sets when a retry may succeed, for refusals that pass with time (rate limits, time windows).</summary>
    public double? RetryAfterSeconds { get; set; }

    /// <summary>The text block: the error, then the suggested fixes as a list.</summary>
    public string ToText()
    {
        if (FixHints.Count == 0)
        {
            return Error;
        }

        var text = new StringBuilder(Error.Length + 64 * FixHints.Count);
        text.Append(Error).Append("\n\nSuggested fixes:");
        foreach (string hint in FixHints)
        {
            text.Append("\n- ").Append(hint);
        }

        return text.ToString();
    }
}

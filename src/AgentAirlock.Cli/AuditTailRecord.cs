using System.Text.Json;

namespace AgentAirlock.Cli;

/// <summary>
/// The members of an audit record that <c>airlock audit tail</c> shows. Read leniently: a member of an unexpected type
/// is left out rather than making the whole line unreadable, since the summary is for reading, not verifying.
/// </summary>
internal sealed class AuditTailRecord
{
    public string? Time { get; private set; }

    public string? AgentId { get; private set; }

    public string? Method { get; private set; }

    public string? Tool { get; private set; }

    public string? Decision { get; private set; }

    public string? Layer { get; private set; }

    public string? BlockReason { get; private set; }

    public int? HttpStatus { get; private set; }

    /// <summary>Gets the arguments as <c>name:type</c>.</summary>
    public List<string> Arguments { get; } = [];

    public List<string> StrippedArguments { get; } = [];

    /// <summary>Gets the masked values by type label, in the order of the record.</summary>
    public List<KeyValuePair<string, long>> Redactions { get; } = [];

    public bool Truncated { get; private set; }

    public string? SandboxBackend { get; private set; }

    public string? SandboxOutcome { get; private set; }

    public bool Degraded { get; private set; }

    public double? DurationMs { get; private set; }

    /// <summary>Reads a record line.</summary>
    /// <returns><see langword="null"/> when the line is not a JSON object.</returns>
    public static AuditTailRecord? TryParse(ReadOnlySpan<byte> line)
    {
        var record = new AuditTailRecord();
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                record.Read(name, ref reader);
            }

            // Anything after the object, other than white space, makes the reader throw.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Read(string name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case "Time":
                Time = String(ref reader);
                break;
            case "AgentId":
                AgentId = String(ref reader);
                break;
            case "Method":
                Method = String(ref reader);
                break;
            case "Tool":
                Tool = String(ref reader);
                break;
            case "Decision":
                Decision = String(ref reader);
                break;
            case "Layer":
                Layer = String(ref reader);
                break;
            case "BlockReason":
                BlockReason = String(ref reader);
                break;
            case "SandboxBackend":
                SandboxBackend = String(ref reader);
                break;
            case "SandboxOutcome":
                SandboxOutcome = String(ref reader);
                break;
            case "HttpStatus" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int status):
                HttpStatus = status;
                break;
            case "DurationMs" when reader.TokenType == JsonTokenType.Number:
                DurationMs = reader.GetDouble();
                break;
            case "Truncated":
                Truncated = reader.TokenType == JsonTokenType.True;
                reader.Skip();
                break;
            case "Degraded":
                Degraded = reader.TokenType == JsonTokenType.True;
                reader.Skip();
                break;
            case "Arguments" when reader.TokenType == JsonTokenType.StartArray:
                ReadArguments(ref reader);
                break;
            case "StrippedArguments" when reader.TokenType == JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (String(ref reader) is { } stripped)
                    {
                        StrippedArguments.Add(stripped);
                    }
                }

                break;
            case "Redactions" when reader.TokenType == JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string type = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long count))
                    {
                        Redactions.Add(new KeyValuePair<string, long>(type, count));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                break;
            default:
                reader.Skip();
                break;
        }
    }

    private void ReadArguments(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? argument = null;
            string? type = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string member = reader.GetString()!;
                reader.Read();
                switch (member)
                {
                    case "Name":
                        argument = String(ref reader);
                        break;
                    case "Type":
                        type = String(ref reader);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (argument is not null)
            {
                Arguments.Add(type is null ? argument : $"{argument}:{type}");
            }
        }
    }

    /// <summary>Reads a string value; any other value (null included) is skipped and read as <see langword="null"/>.</summary>
    private static string? String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}

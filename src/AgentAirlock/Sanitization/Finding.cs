namespace AgentAirlock.Sanitization;

/// <summary>One sensitive value found in a UTF-8 text: its byte range and its type.</summary>
internal readonly record struct Finding(int Start, int Length, SensitiveDataType Type)
{
    public int End => Start + Length;
}

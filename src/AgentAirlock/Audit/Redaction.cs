namespace AgentAirlock.Audit;

/// <summary>One value the sanitizer masked: its type label and where it was (never the value).</summary>
/// <param name="Type">The type's label, e.g. <c>EMAIL</c>.</param>
/// <param name="Location">Where in the message: <c>content[0].text</c>, <c>structuredContent.customer.email</c>, <c>arguments.config</c>.</param>
internal readonly record struct Redaction(string Type, string Location);

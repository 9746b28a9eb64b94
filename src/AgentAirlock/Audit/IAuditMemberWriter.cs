namespace AgentAirlock.Audit;

/// <summary>
/// Receives the members of an audit record in order (<see cref="AuditTrail"/> lists them once), to write them in one of
/// their two forms: the JSON line of Airlock's file, or the properties of a Serilog event for configured sinks.
/// </summary>
internal interface IAuditMemberWriter
{
    /// <summary>A string member; <see langword="null"/> is written as null.</summary>
    void String(string name, string? value);

    void Number(string name, int value);

    void Number(string name, double value);

    /// <summary>A flag that is written only when it is set.</summary>
    void True(string name);

    /// <summary>Starts a list; its items follow (<see cref="Item"/> or <see cref="Argument"/>) until <see cref="EndList"/>.</summary>
    void StartList(string name);

    void Item(string value);

    /// <summary>An argument of the call, as an item of a list: its (masked) name, its JSON type, its digest when one is kept.</summary>
    void Argument(string name, string type, string? digest);

    void EndList();

    /// <summary>Counts by name, as an object.</summary>
    void Counts(string name, Dictionary<string, int> counts);
}

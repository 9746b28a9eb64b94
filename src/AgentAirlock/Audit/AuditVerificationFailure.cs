namespace AgentAirlock.Audit;

/// <summary>The first broken link of an audit chain.</summary>
/// <param name="File">The file, as it was named to the verifier.</param>
/// <param name="Line">The 1-based line in that file.</param>
/// <param name="Sequence">The sequence the record states, or <see langword="null"/> when the line could not be read as a record.</param>
/// <param name="Problem">The kind of break.</param>
/// <param name="Reason">A sentence saying what is wrong and what it suggests happened.</param>
internal sealed record AuditVerificationFailure(string File, long Line, long? Sequence, AuditVerificationProblem Problem, string Reason);

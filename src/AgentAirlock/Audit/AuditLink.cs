namespace AgentAirlock.Audit;

/// <summary>The chain members of one audit record.</summary>
/// <param name="Sequence">The record's number in its chain, from 1.</param>
/// <param name="PreviousHash">The hash of the record before it, as the record states it.</param>
/// <param name="Hash">The record's own hash, as the record states it.</param>
internal readonly record struct AuditLink(long Sequence, string PreviousHash, string Hash);

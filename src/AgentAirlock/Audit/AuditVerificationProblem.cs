namespace AgentAirlock.Audit;

/// <summary>What is wrong at the first broken link of an audit chain.</summary>
internal enum AuditVerificationProblem
{
    /// <summary>The line is not a complete record: not JSON, no hash member, or no sequence or previous hash.</summary>
    NotARecord,

    /// <summary>The file ends in the middle of a record: a torn write or a truncated copy.</summary>
    TornLine,

    /// <summary>An empty line before the end of a file; the sink never writes one.</summary>
    EmptyLine,

    /// <summary>The record's content does not hash to the <c>Hash</c> it states.</summary>
    Edited,

    /// <summary>The record's <c>PreviousHash</c> is not the hash of the record before it.</summary>
    BrokenLink,

    /// <summary>The record's <c>Sequence</c> is not one more than the sequence of the record before it.</summary>
    Sequence,
}

namespace AgentAirlock.Audit;

/// <summary>What <see cref="AuditChainVerifier"/> found in the files it was given.</summary>
internal sealed class AuditVerificationResult
{
    /// <summary>Gets the number of records whose hash, link and sequence were checked and found intact.</summary>
    public required long Records { get; init; }

    /// <summary>Gets the number of files read (up to and including the one with the failure).</summary>
    public required int Files { get; init; }

    /// <summary>Gets the sequence of the first record, or 0 when there was none.</summary>
    public required long FirstSequence { get; init; }

    /// <summary>Gets the sequence of the last intact record, or 0 when there was none.</summary>
    public required long LastSequence { get; init; }

    /// <summary>Gets the hash of the last intact record: keep it elsewhere to detect later rewriting or truncation.</summary>
    public required string? LastHash { get; init; }

    /// <summary>
    /// Gets a value indicating whether the first record starts a chain (sequence 1, linked to the genesis hash). When it
    /// does not, the files continue a chain whose earlier records were not given: a note, not a failure.
    /// </summary>
    public required bool FromGenesis { get; init; }

    /// <summary>Gets the first broken link, or <see langword="null"/> when the chain is intact.</summary>
    public required AuditVerificationFailure? Failure { get; init; }

    public bool Intact => Failure is null;
}

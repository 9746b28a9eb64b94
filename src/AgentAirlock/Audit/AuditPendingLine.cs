namespace AgentAirlock.Audit;

/// <summary>An audit line formatted up to its chain members, waiting for the file sink's writer.</summary>
/// <param name="Bytes">A rented array holding <c>{"Time":"…"</c> and the properties; returned once written.</param>
/// <param name="Length">The bytes of <paramref name="Bytes"/> in use.</param>
/// <param name="SequenceOffset">Where the sequence member goes: right after the time.</param>
/// <param name="Period">The rolling period of the line's time (empty when files do not roll by time).</param>
internal readonly record struct AuditPendingLine(byte[] Bytes, int Length, int SequenceOffset, string Period);

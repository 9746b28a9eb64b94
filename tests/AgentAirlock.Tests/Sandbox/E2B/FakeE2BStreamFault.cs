namespace AgentAirlock.Tests.Sandbox.E2B;

/// <summary>How the fake's process stream departs from a normal run.</summary>
internal enum FakeE2BStreamFault
{
    /// <summary>start, data, end, then an empty end-stream frame.</summary>
    None,

    /// <summary>The process runs, but the stream ends with an end-stream error instead of the end event.</summary>
    EndStreamError,

    /// <summary>The body ends after the end event, without an end-stream frame.</summary>
    MissingEndStream,
}

namespace AgentAirlock.Sanitization.Detectors;

/// <summary>
/// A number of a text as <see cref="NumberSpans"/> finds it: from its first digit <see cref="Start"/> to
/// <see cref="End"/>, the first byte after it that cannot be part of a written number (not a digit, space, '.', '-',
/// '(', ')' or '+'), and how many digits it holds.
/// </summary>
internal readonly record struct NumberSpan(int Start, int End, int Digits);

using System.Buffers;
using System.Text;
using AgentAirlock.Sanitization;

namespace AgentAirlock.Cli;

/// <summary>The masks a scan shows: the middleware's strategies, or the one strategy <c>--strategy</c> names.</summary>
internal sealed class ScanMasks
{
    private readonly TextSanitizer _sanitizer;
    private readonly MaskingStrategy? _strategyOverride;
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ScanMasks(TextSanitizer sanitizer, MaskingStrategy? strategyOverride)
    {
        ArgumentNullException.ThrowIfNull(sanitizer);
        _sanitizer = sanitizer;
        _strategyOverride = strategyOverride;
    }

    /// <summary>Gets the mask of one value, the only form in which a finding is ever shown.</summary>
    public string Value(ReadOnlySpan<byte> value, SensitiveDataType type)
    {
        _buffer.ResetWrittenCount();
        _sanitizer.Masker.Write(value, type, _strategyOverride ?? _sanitizer.Strategies[type], _buffer);
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>Gets <paramref name="text"/> with its findings masked; valid until the next call.</summary>
    public ReadOnlySpan<byte> Text(ReadOnlySpan<byte> text, FindingList findings)
    {
        _buffer.ResetWrittenCount();
        _sanitizer.WriteMasked(text, findings, _sanitizer.Strategies, _strategyOverride, _buffer);
        return _buffer.WrittenSpan;
    }
}

using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;
using BenchmarkDotNet.Attributes;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// The sanitizer's scanning speed (issue 4's targets: ≥ 600 MB/s on clean English text, ≥ 150 MB/s on PII-dense text, on
/// one core): <see cref="SensitiveDataScanner.Default"/> (every detector on, no allow list) over the texts of
/// <see cref="SanitizerCorpus"/>, with a finding list reused from call to call as the middleware's pass reuses it. The
/// <c>MB/s</c> column is the throughput from the mean; the allocation column shows what a scan allocates beyond the
/// reused list and output buffer (nothing, when memory is proportional to one frame).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class SanitizerScanBenchmarks
#pragma warning restore CA1001
{
    private byte[] _clean1MiB = null!;
    private byte[] _clean64KiB = null!;
    private byte[] _dense1MiB = null!;
    private SensitiveDataScanner _scanner = null!;
    private TextSanitizer _sanitizer = null!;
    private FindingList _findings = null!;
    private PooledBufferWriter _masked = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clean1MiB = SanitizerCorpus.CleanProse(SanitizerCorpus.OneMiB);
        _clean64KiB = SanitizerCorpus.CleanProse(SanitizerCorpus.SixtyFourKiB);
        _dense1MiB = SanitizerCorpus.PiiDense(SanitizerCorpus.OneMiB);
        _scanner = SensitiveDataScanner.Default;
        _sanitizer = new TextSanitizer(_scanner, new ValueMasker(new byte[32]), StrategyTable.Defaults);
        _findings = _scanner.CreateList();
        _masked = new PooledBufferWriter(2 * SanitizerCorpus.OneMiB);

        // What each text holds, in the log: the clean prose must have no finding, the dense text every type.
        _scanner.Scan(_clean1MiB, _findings);
        Console.WriteLine($"// clean prose, 1 MiB: {FindingReport.Describe(_findings)} {FindingReport.Samples(_clean1MiB, _findings)}");
        _scanner.Scan(_dense1MiB, _findings);
        Console.WriteLine($"// PII-dense text, 1 MiB: {FindingReport.Describe(_findings)}");
        ScanAndMask_PiiDense_1MiB();
        Console.WriteLine($"// PII-dense text masked: {_masked.WrittenCount} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _masked.Dispose();

    [Benchmark]
    [BytesPerOperation(SanitizerCorpus.OneMiB)]
    public int Scan_Clean_1MiB()
    {
        _scanner.Scan(_clean1MiB, _findings);
        return _findings.Count;
    }

    /// <summary>A typical tool output: it fits in the cache, so this is the scanner's speed without memory stalls.</summary>
    [Benchmark]
    [BytesPerOperation(SanitizerCorpus.SixtyFourKiB)]
    public int Scan_Clean_64KiB()
    {
        _scanner.Scan(_clean64KiB, _findings);
        return _findings.Count;
    }

    [Benchmark]
    [BytesPerOperation(SanitizerCorpus.OneMiB)]
    public int Scan_PiiDense_1MiB()
    {
        _scanner.Scan(_dense1MiB, _findings);
        return _findings.Count;
    }

    /// <summary>What the middleware does with a text block: scan, then write it with every finding masked.</summary>
    [Benchmark]
    [BytesPerOperation(SanitizerCorpus.OneMiB)]
    public int ScanAndMask_PiiDense_1MiB()
    {
        _scanner.Scan(_dense1MiB, _findings);
        _masked.Clear();
        _sanitizer.WriteMasked(_dense1MiB, _findings, StrategyTable.Defaults, null, _masked);
        return _masked.WrittenCount;
    }
}

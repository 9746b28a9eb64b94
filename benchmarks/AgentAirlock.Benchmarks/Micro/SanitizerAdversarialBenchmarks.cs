using System.Diagnostics;
using System.Globalization;
using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Protocol;
using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using BenchmarkDotNet.Attributes;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// Inputs made to hurt a detector: 1 MiB of one short pattern that looks like the start of a sensitive value at every
/// few bytes (issue 4's target: a 1 MiB adversarial string processed in under 50 ms). Each is scanned and masked, as
/// the middleware processes a text block. The set-up also times each detector alone on the input once and writes the
/// slowest to the log, so that a slow input names its culprit without a run per detector.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes what [GlobalSetup] made.
public class SanitizerAdversarialBenchmarks
#pragma warning restore CA1001
{
    private byte[] _text = null!;
    private SensitiveDataScanner _scanner = null!;
    private TextSanitizer _sanitizer = null!;
    private FindingList _findings = null!;
    private PooledBufferWriter _masked = null!;

    [ParamsSource(nameof(InputNames))]
    public string Input { get; set; } = "all-at";

    public static IEnumerable<string> InputNames => SanitizerCorpus.AdversarialNames;

    [GlobalSetup]
    public void Setup()
    {
        _text = SanitizerCorpus.Adversarial(Input, SanitizerCorpus.OneMiB);
        _scanner = SensitiveDataScanner.Default;
        _sanitizer = new TextSanitizer(_scanner, new ValueMasker(new byte[32]), StrategyTable.Defaults);
        _findings = _scanner.CreateList();
        _masked = new PooledBufferWriter(2 * SanitizerCorpus.OneMiB);
        ScanAndMask();
        Console.WriteLine($"// {Input}: {FindingReport.Describe(_findings)}; masked output {_masked.WrittenCount} bytes");

        // Second call of each: the first includes compiling the detector.
        FindingList alone = FindingList.AcceptingAll();
        var times = new List<(string Name, double Milliseconds, int Found)>();
        foreach (IDetector detector in DetectorCatalog.All)
        {
            detector.Detect(_text, alone);
            alone.Clear();
            long started = Stopwatch.GetTimestamp();
            detector.Detect(_text, alone);
            times.Add((detector.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, alone.Count));
            alone.Clear();
        }

        Console.WriteLine($"// {Input}, each detector alone (one call): " + string.Join(", ", times
            .OrderByDescending(t => t.Milliseconds)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Milliseconds:0.00} ms ({t.Found} found)"))));
    }

    [GlobalCleanup]
    public void Cleanup() => _masked.Dispose();

    [Benchmark]
    [BytesPerOperation(SanitizerCorpus.OneMiB)]
    public int ScanAndMask()
    {
        _scanner.Scan(_text, _findings);
        _masked.Clear();
        _sanitizer.WriteMasked(_text, _findings, StrategyTable.Defaults, null, _masked);
        return _masked.WrittenCount;
    }
}

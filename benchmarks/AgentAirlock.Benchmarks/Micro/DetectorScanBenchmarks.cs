using AgentAirlock.Benchmarks.Shared;
using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using BenchmarkDotNet.Attributes;

namespace AgentAirlock.Benchmarks.Micro;

/// <summary>
/// Each detector of <see cref="DetectorCatalog.All"/> alone over 1 MiB of clean prose and of PII-dense text: the
/// scanner's time is about the sum of its detectors' (each makes its own pass), so this says which one to make faster
/// when the scan misses its throughput target. A detector of numbers alone also finds the numbers
/// (<see cref="NumberSpans"/>), which the scanner does once for all of them: their times here each include that pass.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class DetectorScanBenchmarks
{
    private byte[] _text = null!;
    private IDetector _detector = null!;
    private FindingList _findings = null!;

    [ParamsSource(nameof(DetectorNames))]
    public string Detector { get; set; } = string.Empty;

    [Params("clean", "pii-dense")]
    public string Text { get; set; } = "clean";

    public static IEnumerable<string> DetectorNames => DetectorCatalog.All.Select(d => d.GetType().Name);

    [GlobalSetup]
    public void Setup()
    {
        _text = Text == "clean" ? SanitizerCorpus.CleanProse(SanitizerCorpus.OneMiB) : SanitizerCorpus.PiiDense(SanitizerCorpus.OneMiB);
        _detector = DetectorCatalog.All.First(d => d.GetType().Name == Detector);
        _findings = FindingList.AcceptingAll();
        Detect_1MiB();
        Console.WriteLine($"// {Detector} on {Text}: {FindingReport.Describe(_findings)}");
    }

    [Benchmark]
    [BytesPerOperation(SanitizerCorpus.OneMiB)]
    public int Detect_1MiB()
    {
        _findings.Clear();
        _detector.Detect(_text, _findings);
        return _findings.Count;
    }
}

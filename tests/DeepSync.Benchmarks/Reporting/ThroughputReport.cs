using DeepSync.Benchmarks.Scenarios;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>Node-grain reads against echo calls under the same load; the median round of each is compared.</summary>
public sealed record ThroughputReport(
    int Concurrency,
    int GrainsPerClass,
    TimeSpan Warmup,
    TimeSpan Measure,
    IReadOnlyList<ThroughputSample> Samples)
{
    public const double TargetRatio = 0.7;

    public double NodeMedianCallsPerSecond => Median(NodeGrain);

    public double EchoMedianCallsPerSecond => Median(EchoGrain);

    public double Ratio => NodeMedianCallsPerSecond / EchoMedianCallsPerSecond;

    public bool TargetMet => Ratio >= TargetRatio;

    public const string NodeGrain = "TeammateNodeGrain.Get";
    public const string EchoGrain = "EchoGrain.Echo";

    private double Median(string grain)
    {
        var sorted = Samples.Where(s => s.Grain == grain).Select(s => s.CallsPerSecond).Order().ToList();
        return sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

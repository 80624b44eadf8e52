using DeepSync.Benchmarks.Scenarios;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>
/// Node-grain reads against echo calls under the same load. Node and echo share each round's
/// conditions (they alternate in short slices) while rounds may differ (a shared machine's speed
/// drifts), so the ratio is taken within each round and the median of those is reported.
/// </summary>
public sealed record ThroughputReport(
    int Concurrency,
    int GrainsPerClass,
    TimeSpan Warmup,
    TimeSpan Measure,
    TimeSpan Slice,
    IReadOnlyList<ThroughputSample> Samples)
{
    public const string NodeGrain = "TeammateNodeGrain.Get";
    public const string EchoGrain = "EchoGrain.Echo";
    public const double TargetRatio = 0.7;

    /// <summary>Below this CPU share a round competed with another process (see <see cref="ThroughputSample.CpuShare"/>).</summary>
    public const double ContendedCpuShare = 0.85;

    public double NodeMedianCallsPerSecond => Median(Rate(NodeGrain));

    public double EchoMedianCallsPerSecond => Median(Rate(EchoGrain));

    /// <summary>Node calls per second over echo calls per second, per round.</summary>
    public IReadOnlyList<double> RoundRatios =>
        Samples.Select(s => s.Round).Distinct().Order()
            .Select(round => Rate(NodeGrain, round).Single() / Rate(EchoGrain, round).Single())
            .ToList();

    public double Ratio => Median(RoundRatios);

    public bool TargetMet => Ratio >= TargetRatio;

    private IEnumerable<double> Rate(string grain, int? round = null) =>
        Samples.Where(s => s.Grain == grain && (round is null || s.Round == round)).Select(s => s.CallsPerSecond);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1
            ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

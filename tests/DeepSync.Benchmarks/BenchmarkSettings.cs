namespace DeepSync.Benchmarks;

/// <summary>How big and how long a run is. <c>--quick</c> (see <see cref="BenchmarkArguments"/>) is a smoke run: same steps, small numbers.</summary>
public sealed record BenchmarkSettings(
    string Mode,
    int Activations,
    int ThroughputGrains,
    int Concurrency,
    TimeSpan Warmup,
    TimeSpan Measure,
    TimeSpan Slice,
    int Rounds)
{
    /// <summary>In-flight calls while provisioning and activating; enough to keep the silo busy, bounded so message pools stay small.</summary>
    public const int SetupParallelism = 256;

    public static BenchmarkSettings Full { get; } = new("full", 20_000, 1_024, 64, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 3);

    public static BenchmarkSettings Quick { get; } = new("quick", 2_000, 256, 64, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250), 3);
}

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>One load's calls in one round (its slices summed), with their latencies.</summary>
public sealed class TimedSample(string load, int round)
{
    public string Load { get; } = load;

    public int Round { get; } = round;

    public long Calls { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public long AllocatedBytes { get; private set; }

    public int Gen0Collections { get; private set; }

    public TimeSpan ProcessCpuTime { get; private set; }

    internal LatencyHistogram Latency { get; } = new();

    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    public double AllocatedBytesPerCall => (double)AllocatedBytes / Calls;

    public double CpuShare => ProcessCpuTime / (Elapsed * Environment.ProcessorCount);

    public double P50Ms => Latency.PercentileMs(0.50);

    public double P99Ms => Latency.PercentileMs(0.99);

    public double MaxMs => Latency.MaxMs;

    internal void Add(long calls, TimeSpan elapsed, long allocated, int gen0, TimeSpan cpu, IEnumerable<LatencyHistogram> latencies)
    {
        Calls += calls;
        Elapsed += elapsed;
        AllocatedBytes += allocated;
        Gen0Collections += gen0;
        ProcessCpuTime += cpu;
        foreach (var latency in latencies)
        {
            Latency.Add(latency);
        }
    }
}

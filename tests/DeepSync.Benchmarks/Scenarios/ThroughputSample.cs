namespace DeepSync.Benchmarks.Scenarios;

/// <summary>One timed round of calls against one grain class.</summary>
public sealed record ThroughputSample(string Grain, int Round, long Calls, TimeSpan Elapsed, long AllocatedBytes, int Gen0Collections)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>Process-wide allocation per call: caller, runtime and grain together (argument copies included).</summary>
    public double AllocatedBytesPerCall => (double)AllocatedBytes / Calls;
}

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>One round of calls against one grain class, possibly summed over several time slices.</summary>
public sealed record ThroughputSample(string Grain, int Round, long Calls, TimeSpan Elapsed, long AllocatedBytes, int Gen0Collections, TimeSpan ProcessCpuTime)
{
    public double CallsPerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>Process-wide allocation per call: caller, runtime and grain together (argument copies included).</summary>
    public double AllocatedBytesPerCall => (double)AllocatedBytes / Calls;

    /// <summary>
    /// Share of the machine's CPUs this process used. The load saturates the CPUs, so a share well
    /// below 1 means another process competed for them. (Contention on a VM's host does not show here.)
    /// </summary>
    public double CpuShare => ProcessCpuTime / (Elapsed * Environment.ProcessorCount);

    public ThroughputSample Plus(ThroughputSample other) => this with
    {
        Calls = Calls + other.Calls,
        Elapsed = Elapsed + other.Elapsed,
        AllocatedBytes = AllocatedBytes + other.AllocatedBytes,
        Gen0Collections = Gen0Collections + other.Gen0Collections,
        ProcessCpuTime = ProcessCpuTime + other.ProcessCpuTime,
    };
}

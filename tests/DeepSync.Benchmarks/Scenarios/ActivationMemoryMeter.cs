namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// Measures the managed memory an activation keeps alive: full-GC heap size, activate N grains with one
/// call each, full-GC heap size again. The activations outlive the measurement (long collection age),
/// so the difference is what N live activations retain: grain object, injected state, and the
/// runtime's per-activation bookkeeping (activation data, catalog and directory entries).
/// </summary>
public sealed class ActivationMemoryMeter(ActivationCensus census, int parallelism)
{
    /// <summary>Time for work that finishes after a call returns (collector and directory registration) to settle.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(500);

    public async Task<ActivationMemorySample> MeasureAsync(string name, Type grainClass, int count, Func<int, Task> activate)
    {
        var activationsBefore = await census.CountAsync(grainClass);
        var heapBefore = await SettledHeapAsync();

        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) => await activate(i));

        var heapAfter = await SettledHeapAsync();
        var activationsAfter = await census.CountAsync(grainClass);
        return new ActivationMemorySample(name, count, activationsAfter - activationsBefore, heapBefore, heapAfter);
    }

    private static async Task<long> SettledHeapAsync()
    {
        await Task.Delay(SettleTime);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

using System.Diagnostics;

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// Keeps <see cref="Concurrency"/> calls outstanding for a fixed time. Worker <c>w</c> calls targets
/// <c>w, w + Concurrency, ...</c>, so no two workers queue on the same grain and the figure is the
/// runtime's call rate, not one grain's turn-taking.
/// </summary>
public sealed class CallThroughputMeter(int concurrency)
{
    public int Concurrency => concurrency;

    /// <summary>
    /// Warms each load up, then measures each for <paramref name="duration"/> in alternating slices
    /// (A, B, A, B, ...). On a shared machine the speed drifts by tens of percent within seconds; with
    /// fine alternation both loads see the same drift, so their ratio stays meaningful.
    /// </summary>
    public async Task<IReadOnlyList<ThroughputSample>> MeasureInterleavedAsync(
        int round, IReadOnlyList<CallLoad> loads, TimeSpan warmup, TimeSpan duration, TimeSpan slice)
    {
        foreach (var load in loads)
        {
            await RunAsync(load, warmup);
        }

        var totals = loads.Select(load => new ThroughputSample(load.Name, round, 0, TimeSpan.Zero, 0, 0, TimeSpan.Zero)).ToArray();
        var slices = (int)Math.Ceiling(duration / slice);
        for (var s = 0; s < slices; s++)
        {
            for (var l = 0; l < loads.Count; l++)
            {
                totals[l] = totals[l].Plus(await MeasureSliceAsync(loads[l], round, slice));
            }
        }

        return totals;
    }

    private async Task<ThroughputSample> MeasureSliceAsync(CallLoad load, int round, TimeSpan slice)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var (calls, elapsed) = await RunAsync(load, slice);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        process.Refresh();
        return new ThroughputSample(load.Name, round, calls, elapsed, allocated, gen0, process.TotalProcessorTime - cpuBefore);
    }

    private async Task<(long Calls, TimeSpan Elapsed)> RunAsync(CallLoad load, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            long calls = 0;
            for (var i = worker; !stop.IsCancellationRequested; i += concurrency)
            {
                await load.Call(i % load.Targets);
                calls++;

                // Without this hop a worker's next call is queued as a thread-local work item, which the
                // thread pool runs before anything in its global queue. On a 2-CPU machine 64 such loops
                // kept silo timers and queued activation turns waiting for tens of seconds, until calls
                // timed out. Yielding puts the continuation in the global queue, as a request arriving
                // from the network would be.
                await Task.Yield();
            }

            return calls;
        }));
        var perWorker = await Task.WhenAll(workers);

        // Elapsed includes the last call of each worker after the stop, and so do the calls counted.
        return (perWorker.Sum(), clock.Elapsed);
    }
}

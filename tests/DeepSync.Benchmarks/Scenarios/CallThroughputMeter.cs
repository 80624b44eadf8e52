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

    /// <summary>Runs <paramref name="warmup"/> unmeasured (JIT, tiering, pools), then <paramref name="duration"/> measured.</summary>
    public async Task<ThroughputSample> MeasureAsync(string name, int round, int targets, Func<int, Task> call, TimeSpan warmup, TimeSpan duration)
    {
        await RunAsync(targets, call, warmup);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var (calls, elapsed) = await RunAsync(targets, call, duration);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new ThroughputSample(name, round, calls, elapsed, allocated, GC.CollectionCount(0) - gen0Before);
    }

    private async Task<(long Calls, TimeSpan Elapsed)> RunAsync(int targets, Func<int, Task> call, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            long calls = 0;
            for (var i = worker; !stop.IsCancellationRequested; i += concurrency)
            {
                await call(i % targets);
                calls++;
            }

            return calls;
        }));
        var perWorker = await Task.WhenAll(workers);

        // Elapsed includes the last call of each worker after the stop, and so do the calls counted.
        return (perWorker.Sum(), clock.Elapsed);
    }
}

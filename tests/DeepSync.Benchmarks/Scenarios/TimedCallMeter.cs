using System.Diagnostics;

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// <see cref="CallThroughputMeter"/> with a latency histogram: keeps <see cref="Concurrency"/> calls
/// outstanding, worker <c>w</c> calling targets <c>w, w + Concurrency, ...</c> (no two workers share a
/// target), alternates the loads in short slices so they see the same machine, and times every call from
/// its start to its completion.
/// </summary>
public sealed class TimedCallMeter(int concurrency)
{
    public int Concurrency => concurrency;

    public async Task<IReadOnlyList<TimedSample>> MeasureInterleavedAsync(
        int round, IReadOnlyList<TimedLoad> loads, TimeSpan warmup, TimeSpan duration, TimeSpan slice)
    {
        foreach (var load in loads)
        {
            await RunAsync(load, warmup);
        }

        var samples = loads.Select(load => new TimedSample(load.Name, round)).ToArray();
        var slices = (int)Math.Ceiling(duration / slice);
        for (var s = 0; s < slices; s++)
        {
            for (var l = 0; l < loads.Count; l++)
            {
                await MeasureSliceAsync(loads[l], slice, samples[l]);
            }
        }

        return samples;
    }

    /// <summary>One slice of one load, added to <paramref name="into"/>.</summary>
    public async Task MeasureSliceAsync(TimedLoad load, TimeSpan slice, TimedSample into)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var (calls, elapsed, latencies) = await RunAsync(load, slice);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        process.Refresh();
        into.Add(calls, elapsed, allocated, gen0, process.TotalProcessorTime - cpuBefore, latencies);
    }

    private async Task<(long Calls, TimeSpan Elapsed, LatencyHistogram[] Latencies)> RunAsync(TimedLoad load, TimeSpan duration)
    {
        // Histograms are made before the clock starts: the slice allocates nothing of its own.
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new LatencyHistogram()).ToArray();
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var latency = latencies[worker];
            long calls = 0;
            for (var i = worker; !stop.IsCancellationRequested; i += concurrency)
            {
                var started = Stopwatch.GetTimestamp();
                await load.Call(i % load.Targets);
                latency.Record(Stopwatch.GetTimestamp() - started);
                calls++;

                // As in CallThroughputMeter: the next call goes through the global queue, like a request
                // from the network, instead of starving the silo's own work items.
                await Task.Yield();
            }

            return calls;
        }));
        var perWorker = await Task.WhenAll(workers);
        return (perWorker.Sum(), clock.Elapsed, latencies);
    }
}

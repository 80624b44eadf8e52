using System.Diagnostics;

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// Call latencies in logarithmic buckets, 32 per doubling (each bucket about 2.2 % wide), from 1 ns to
/// about 18 minutes. Recording allocates nothing, so it does not disturb the per-call allocation figure;
/// a percentile is reported as its bucket's upper edge, so it errs high by at most 2.2 %.
/// </summary>
public sealed class LatencyHistogram
{
    private const int PerDoubling = 32;
    private const int Buckets = 40 * PerDoubling;
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public long MaxTicks { get; private set; }

    public void Record(long ticks)
    {
        var ns = ticks * NanosecondsPerTick;
        var bucket = ns <= 1 ? 0 : Math.Min(Buckets - 1, (int)(Math.Log2(ns) * PerDoubling));
        _counts[bucket]++;
        Count++;
        MaxTicks = Math.Max(MaxTicks, ticks);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxTicks = Math.Max(MaxTicks, other.MaxTicks);
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the calls finished, in milliseconds.</summary>
    public double PercentileMs(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Pow(2, (i + 1) / (double)PerDoubling) / 1e6;
            }
        }

        return MaxMs;
    }

    public double MaxMs => MaxTicks * NanosecondsPerTick / 1e6;
}

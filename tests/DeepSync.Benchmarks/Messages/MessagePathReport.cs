using DeepSync.Benchmarks.Scenarios;

namespace DeepSync.Benchmarks.Messages;

/// <summary>What the message-path scenario measured (PostgreSQL part absent when it was not run).</summary>
public sealed record MessagePathReport(MessagePathSettings Settings, InMemoryMessageReport InMemory, PostgresMessageReport? Postgres);

/// <summary>
/// SendMessage against echo. Both alternate in slices within each round, so the ratio is taken per round
/// and the median of the rounds' ratios is reported; latency percentiles are over every measured call.
/// </summary>
public sealed record InMemoryMessageReport(IReadOnlyList<TimedSample> Samples, IReadOnlyList<MessageProfile> Profile, int FreshNodes)
{
    public const double TargetRatio = 0.3;

    public IReadOnlyList<double> RoundRatios => Stats.RoundRatios(Samples, MessagePathRun.Messages, MessagePathRun.Echo);

    public double Ratio => Stats.Median(RoundRatios);

    public bool TargetMet => Ratio >= TargetRatio;

    public LoadSummary Messages => Stats.Summarize(Samples, MessagePathRun.Messages);

    public LoadSummary Echo => Stats.Summarize(Samples, MessagePathRun.Echo);
}

/// <summary>SendMessage with PostgreSQL transcripts against a plain batched INSERT loop into the same table.</summary>
public sealed record PostgresMessageReport(
    IReadOnlyList<TimedSample> Samples,
    long MessagesSentToPostgresNodes,
    long TranscriptRowsOfThoseNodes,
    long BaselineBatches,
    long BaselineRows)
{
    /// <summary>Rows a message leaves in <c>transcripts</c>: the user's line and the reply (checked against the table).</summary>
    public const int RowsPerMessage = 2;

    /// <summary>Rows one baseline batch inserts.</summary>
    public const int RowsPerBatch = 2;

    public LoadSummary Messages => Stats.Summarize(Samples, MessagePathRun.MessagesPostgres);

    public LoadSummary Baseline => Stats.Summarize(Samples, MessagePathRun.InsertBaseline);

    public double MessageRowsPerSecond => Messages.MedianPerSecond * RowsPerMessage;

    public double BaselineRowsPerSecond => Baseline.MedianPerSecond * RowsPerBatch;

    /// <summary>Transcript rows per second through the grain over rows per second of the plain loop, median of the rounds.</summary>
    public double RowRatio => Stats.Median(Stats.RoundRatios(Samples, MessagePathRun.MessagesPostgres, MessagePathRun.InsertBaseline).Select(r => r * RowsPerMessage / RowsPerBatch));
}

/// <summary>What one call of a load cost, from a profiling slice with grain-call counting on.</summary>
public sealed record MessageProfile(
    string Load,
    long Calls,
    double CallsPerSecond,
    double RatioToEcho,
    double AllocatedBytesPerCall,
    IReadOnlyDictionary<string, double> GrainCallsPerCall,
    double RuntimeSendsPerCall,
    double TranscriptAppendsPerCall,
    double TranscriptLinesPerCall,
    double LedgerAppendsPerCall,
    double DirectoryUpsertsPerCall)
{
    public double TotalGrainCallsPerCall => GrainCallsPerCall.Values.Sum();
}

/// <summary>One load over all rounds: median rate and latency percentiles over every call.</summary>
public sealed record LoadSummary(string Load, long Calls, double MedianPerSecond, double P50Ms, double P99Ms, double MaxMs, double AllocatedBytesPerCall);

internal static class Stats
{
    public static IReadOnlyList<double> RoundRatios(IReadOnlyList<TimedSample> samples, string numerator, string denominator) =>
        samples.Select(s => s.Round).Distinct().Order()
            .Select(round => Rate(samples, numerator, round) / Rate(samples, denominator, round))
            .ToList();

    public static LoadSummary Summarize(IReadOnlyList<TimedSample> samples, string load)
    {
        var mine = samples.Where(s => s.Load == load).ToList();
        var latency = new LatencyHistogram();
        foreach (var sample in mine)
        {
            latency.Add(sample.Latency);
        }

        var calls = mine.Sum(s => s.Calls);
        return new LoadSummary(
            load,
            calls,
            Median(mine.Select(s => s.CallsPerSecond)),
            latency.PercentileMs(0.50),
            latency.PercentileMs(0.99),
            latency.MaxMs,
            (double)mine.Sum(s => s.AllocatedBytes) / calls);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double fraction)
    {
        // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
    }

    private static double Rate(IReadOnlyList<TimedSample> samples, string load, int round) =>
        samples.Single(s => s.Load == load && s.Round == round).CallsPerSecond;
}

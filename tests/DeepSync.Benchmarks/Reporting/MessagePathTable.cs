using System.Globalization;
using DeepSync.Benchmarks.Messages;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>Renders the message-path report as plain-text tables.</summary>
public static class MessagePathTable
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    public static void Write(MessagePathReport report, RunEnvironment env, TextWriter output)
    {
        var s = report.Settings;
        var memory = report.InMemory;
        output.WriteLine();
        output.WriteLine($"Message path ({s.Mode}) — {env.Runtime}, Orleans {env.Orleans}, {env.ProcessorCount} CPUs");
        output.WriteLine(
            $"SendMessage → completed reply (zero-latency runtime, memory storage, transcripts dropped) vs EchoGrain.Echo: " +
            $"{s.Concurrency} outstanding calls over {s.Nodes} running nodes / {s.Nodes} echo grains, each node first sent {s.PrefillPerNode} messages; " +
            $"grain state serialized with {(s.ProductionStorageSerializer ? "System.Text.Json (as production silos)" : "the memory storage's default serializer")}; " +
            $"per round {Sec(s.Measure)} s each after {Sec(s.Warmup)} s warm-up, alternating in {s.Slice.TotalMilliseconds.ToString("0", Numbers)} ms slices");
        WriteSamples(output, memory.Samples, MessagePathRun.Echo, memory.RoundRatios, "msgs/echo");
        WriteSummary(output, memory.Messages);
        WriteSummary(output, memory.Echo);
        output.WriteLine(
            $"  latency is the call alone; a sender's whole cycle ({s.Concurrency} in flight ÷ rate) also holds its wait for a thread after each call: " +
            $"{Lat(s.Concurrency * 1000.0 / memory.Messages.MedianPerSecond)} ms per message, {Lat(s.Concurrency * 1000.0 / memory.Echo.MedianPerSecond)} ms per echo");
        output.WriteLine($"  ratio msgs/s ÷ echo calls/s (median of the rounds' ratios): {memory.Ratio.ToString("0.000", Numbers)}  (target ≥ {F2(InMemoryMessageReport.TargetRatio)})  {(memory.TargetMet ? "MET" : "MISSED")}");
        output.WriteLine();

        output.WriteLine($"Profile: 4 rounds of alternating {Sec(s.ProfileSlice)} s slices per load with grain-call counting on (fresh nodes: {memory.FreshNodes} launched nodes that had no message before)");
        output.WriteLine($"  {"load",-32} {"calls/s",10} {"÷ echo",7} {"bytes/call",11} {"grain calls/call",17} {"runtime",8} {"transcript appends",19} {"lines",6}");
        foreach (var p in memory.Profile)
        {
            output.WriteLine(
                $"  {p.Load,-32} {N0(p.CallsPerSecond),10} {p.RatioToEcho.ToString("0.000", Numbers),7} {N0(p.AllocatedBytesPerCall),11} {F2(p.TotalGrainCallsPerCall),17} {F2(p.RuntimeSendsPerCall),8} {F2(p.TranscriptAppendsPerCall),19} {F2(p.TranscriptLinesPerCall),6}");
            foreach (var (method, perCall) in p.GrainCallsPerCall.Where(kv => kv.Value >= 0.01))
            {
                output.WriteLine($"      {method,-60} {F2(perCall),8} per call");
            }
        }

        if (report.Postgres is { } pg)
        {
            output.WriteLine();
            output.WriteLine(
                $"Message path with PostgreSQL transcripts (PostgresTranscriptStore on a private PostgreSQL) vs a plain loop of NpgsqlBatch INSERTs " +
                $"(2 rows per batch, the store's own statement) into the same table, {s.Concurrency} outstanding each, alternating");
            WriteSamples(output, pg.Samples, MessagePathRun.InsertBaseline, null, null);
            WriteSummary(output, pg.Messages);
            WriteSummary(output, pg.Baseline);
            output.WriteLine($"  messages/s {N0(pg.Messages.MedianPerSecond)}, transcript rows/s {N0(pg.MessageRowsPerSecond)} ({PostgresMessageReport.RowsPerMessage} rows per message: user line + reply)");
            output.WriteLine($"  baseline rows/s {N0(pg.BaselineRowsPerSecond)} ({N0(pg.Baseline.MedianPerSecond)} batches/s)");
            output.WriteLine($"  ratio transcript rows/s ÷ baseline rows/s (median of the rounds): {F2(pg.RowRatio)}");
            var modelled = 1 / ((1 / memory.Messages.MedianPerSecond) + (2 / pg.Baseline.MedianPerSecond));
            output.WriteLine(
                $"  model: a message = the in-memory path + 2 transcript round trips, each like one baseline batch (Post looks up an earlier reply to the key; completion writes user line + reply in one batch): " +
                $"1 / (1/{N0(memory.Messages.MedianPerSecond)} + 2/{N0(pg.Baseline.MedianPerSecond)}) = {N0(modelled)} messages/s predicted, {N0(pg.Messages.MedianPerSecond)} measured");
            output.WriteLine(
                $"  check: {N0(pg.TranscriptRowsOfThoseNodes)} rows in the table for {N0(pg.MessagesSentToPostgresNodes)} answered messages; " +
                $"{N0(pg.BaselineRows)} baseline rows for {N0(pg.BaselineBatches)} batches");
        }

        output.WriteLine();
    }

    private static void WriteSamples(TextWriter output, IReadOnlyList<Scenarios.TimedSample> samples, string ratioAfter, IReadOnlyList<double>? ratios, string? ratioName)
    {
        output.WriteLine($"  {"round",-6} {"load",-28} {"calls/s",10} {"p50 ms",8} {"p99 ms",8} {"bytes/call",11} {"gen0",6} {"CPU share",10} {ratioName ?? string.Empty,10}");
        foreach (var sample in samples)
        {
            var ratio = ratios is not null && sample.Load == ratioAfter ? ratios[sample.Round - 1].ToString("0.000", Numbers) : string.Empty;
            output.WriteLine(
                $"  {sample.Round,-6} {sample.Load,-28} {N0(sample.CallsPerSecond),10} {Lat(sample.P50Ms),8} {Lat(sample.P99Ms),8} {N0(sample.AllocatedBytesPerCall),11} {sample.Gen0Collections,6} {sample.CpuShare.ToString("P0", Numbers),10} {ratio,10}");
        }
    }

    private static void WriteSummary(TextWriter output, LoadSummary summary) =>
        output.WriteLine(
            $"  all    {summary.Load,-28} {N0(summary.MedianPerSecond),10} {Lat(summary.P50Ms),8} {Lat(summary.P99Ms),8} {N0(summary.AllocatedBytesPerCall),11}  (median rate; percentiles over {N0(summary.Calls)} calls, max {F2(summary.MaxMs)} ms)");

    private static string Sec(TimeSpan t) => t.TotalSeconds.ToString("0.##", Numbers);

    private static string N0(double v) => v.ToString("N0", Numbers);

    private static string F2(double v) => v.ToString("0.00", Numbers);

    /// <summary>Milliseconds with enough digits for sub-millisecond latencies.</summary>
    private static string Lat(double v) => v < 1 ? v.ToString("0.000", Numbers) : v.ToString("0.00", Numbers);
}

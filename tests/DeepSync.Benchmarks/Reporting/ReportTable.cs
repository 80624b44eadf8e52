using System.Globalization;
using DeepSync.Benchmarks.Scenarios;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>Renders a report as the plain-text table the run prints.</summary>
public static class ReportTable
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    public static void Write(BenchmarkReport report, TextWriter output)
    {
        var env = report.Environment;
        var memory = report.Memory;
        var throughput = report.Throughput;

        output.WriteLine();
        output.WriteLine($"DeepSync grain benchmarks ({report.Mode}) — {env.Runtime}, Orleans {env.Orleans}, {env.ProcessorCount} CPUs, {(env.ServerGc ? "server" : "workstation")} GC");
        output.WriteLine();
        output.WriteLine("Managed memory per live activation");
        output.WriteLine($"  {"grain",-22} {"activated",10} {"runtime count",14} {"heap delta",14} {"bytes/activation",17}  target");
        WriteMemoryRow(output, memory.Node, $"< {Format(MemoryReport.TargetBytesPerNode)}  {Verdict(memory.TargetMet)}");
        WriteMemoryRow(output, memory.Echo, "baseline");
        output.WriteLine($"  node − echo: {Format(memory.NodeOverEchoBytes)} bytes/activation; silo total activations afterwards: {Format(memory.TotalActivationsAfter)}");
        output.WriteLine(
            $"  while activating the nodes: {Format(memory.LedgerAppendCallsDuringNodeActivation)} ledger appends ({Format(memory.RepeatedLedgerEntriesDuringNodeActivation)} entries already recorded), " +
            $"{Format(memory.DirectoryUpsertsDuringNodeActivation)} directory upserts");
        output.WriteLine();
        output.WriteLine(
            $"Read calls per second ({throughput.Concurrency} outstanding calls over {Format(throughput.GrainsPerClass)} live grains per class, " +
            $"per round {throughput.Measure.TotalSeconds.ToString("0.#", Numbers)} s each after {throughput.Warmup.TotalSeconds.ToString("0.#", Numbers)} s warm-up, " +
            $"alternating in {throughput.Slice.TotalMilliseconds.ToString("0", Numbers)} ms slices)");
        output.WriteLine($"  {"round",-6} {"grain",-22} {"calls/s",12} {"bytes alloc/call",17} {"gen0 GCs",9} {"CPU share",10} {"node/echo",10}");
        foreach (var sample in throughput.Samples)
        {
            var ratio = sample.Grain == ThroughputReport.EchoGrain ? throughput.RoundRatios[sample.Round - 1].ToString("0.00", Numbers) : string.Empty;
            output.WriteLine(
                $"  {sample.Round,-6} {sample.Grain,-22} {Format(sample.CallsPerSecond),12} {sample.AllocatedBytesPerCall.ToString("N0", Numbers),17} {sample.Gen0Collections,9} {sample.CpuShare.ToString("P0", Numbers),10} {ratio,10}");
        }

        output.WriteLine($"  median {ThroughputReport.NodeGrain,-22} {Format(throughput.NodeMedianCallsPerSecond),12}");
        output.WriteLine($"  median {ThroughputReport.EchoGrain,-22} {Format(throughput.EchoMedianCallsPerSecond),12}");
        if (throughput.Samples.Any(s => s.CpuShare < ThroughputReport.ContendedCpuShare))
        {
            output.WriteLine($"  note: rounds under {ThroughputReport.ContendedCpuShare.ToString("P0", Numbers)} CPU share competed with another process; compare node and echo within a round.");
        }

        output.WriteLine($"  ratio node/echo (median of the rounds' ratios): {throughput.Ratio.ToString("0.00", Numbers)}  (target ≥ {ThroughputReport.TargetRatio.ToString("0.0#", Numbers)})  {Verdict(throughput.TargetMet)}");
        output.WriteLine();
    }

    private static void WriteMemoryRow(TextWriter output, ActivationMemorySample sample, string target) =>
        output.WriteLine(
            $"  {sample.Grain,-22} {Format(sample.Activated),10} {Format(sample.ActivationsAdded),14} {Format(sample.HeapAfter - sample.HeapBefore),14} {Format(sample.BytesPerActivation),17}  {target}");

    private static string Format(double value) => value.ToString("N0", Numbers);

    private static string Verdict(bool met) => met ? "MET" : "MISSED";
}

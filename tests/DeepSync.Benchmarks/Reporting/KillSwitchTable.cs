using System.Globalization;
using DeepSync.Benchmarks.KillSwitch;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>Renders the kill-switch report as a plain-text table.</summary>
public static class KillSwitchTable
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    public static void Write(KillSwitchReport report, TextWriter output)
    {
        var s = report.Settings;
        output.WriteLine();
        output.WriteLine(
            $"Kill switch ({s.Mode}) — {report.Runs.Count} runs against the fake Railway (RailwayNodeHost over loopback GraphQL), {s.Senders} senders hammering SendMessage; " +
            $"node PollInterval {Ms(s.PollInterval.TotalMilliseconds)} ms, fake PhaseDuration (each deployment status incl. REMOVING) {Ms(s.PhaseDuration.TotalMilliseconds)} ms");
        output.WriteLine($"  {"from the Suspend call to",-58} {"p50 ms",9} {"p99 ms",9} {"max ms",9}  bar");
        Row(output, "(a) first refused message (NodeSuspended at a sender)", report.FirstRefusal, string.Empty);
        Row(output, "    Suspend returned", report.SuspendReturned, string.Empty);
        Row(output, $"(b) deploymentStop received by the fake (±{report.ClockUncertaintyMs.ToString("0.000", Numbers)} ms)", report.StopRequestReceived, string.Empty);
        Row(output, "(c) stop confirmed (container_stopped audit entry)", report.StopConfirmed, $"≤ 5,000 (prototype: \"terminated within 5 seconds\")  {(report.AcceptanceMet ? "MET" : "MISSED")}");
        Row(output, "    (launch → Running, for reference)", report.LaunchToRunning, string.Empty);
        output.WriteLine(
            $"  safety: {report.RuntimeArrivalsAfterSuspendReturned} messages reached the runtime after Suspend returned (asserted 0 on every run); " +
            $"{report.RuntimeArrivalsWhileSuspending} arrived between the Suspend call and its return");
        output.WriteLine(
            $"  per run: median {Ms(Median(report.Runs.Select(r => (double)r.AnsweredBeforeSuspend)))} answered before Suspend, " +
            $"{Ms(Median(report.Runs.Select(r => (double)r.Refused)))} refusals; every node ended {string.Join("/", report.Runs.Select(r => r.LifecycleAfter).Distinct())}");
        var withinSuspend = report.Runs.Count(r => r.StopConfirmedMs <= r.SuspendReturnedMs);
        output.WriteLine(
            $"  (c) came from the status read right after deploymentStop, inside the Suspend call, in {withinSuspend} of {report.Runs.Count} runs: " +
            "RailwayDeploymentStatuses maps REMOVING (not only REMOVED) to Stopped, so (c) = (b) + one GraphQL round trip + a state write and ledger publish;");
        output.WriteLine(
            $"  it does not wait for the fake's REMOVING time ({Ms(s.PhaseDuration.TotalMilliseconds)} ms). The {Ms(s.PollInterval.TotalMilliseconds)} ms poll interval matters only when that read is not yet REMOVING/REMOVED or the stop call fails (then: next poll tick).");
        output.WriteLine();
    }

    private static void Row(TextWriter output, string label, Quantiles q, string bar) =>
        output.WriteLine($"  {label,-58} {Ms(q.P50),9} {Ms(q.P99),9} {Ms(q.Max),9}  {bar}");

    private static double Median(IEnumerable<double> values) => Messages.Stats.Median(values);

    private static string Ms(double v) => v.ToString("N1", Numbers);
}

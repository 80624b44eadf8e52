using DeepSync.Benchmarks.Messages;

namespace DeepSync.Benchmarks.KillSwitch;

/// <summary>One Suspend under load. Times are milliseconds from the Suspend call.</summary>
public sealed record KillSwitchSample(
    int Run,
    double LaunchToRunningMs,
    long AnsweredBeforeSuspend,
    long Answered,
    long Refused,
    double? FirstRefusalMs,
    double SuspendReturnedMs,
    double StopRequestReceivedMs,
    double StopConfirmedMs,
    int RuntimeArrivalsWhileSuspending,
    int RuntimeArrivalsAfterSuspendReturned,
    string LifecycleAfter,
    IReadOnlyList<string> UnexpectedErrors);

public sealed record KillSwitchReport(KillSwitchSettings Settings, double ClockUncertaintyMs, IReadOnlyList<KillSwitchSample> Runs)
{
    /// <summary>The prototype's acceptance bar: "terminated within 5 seconds".</summary>
    public const double AcceptanceMs = 5_000;

    public Quantiles FirstRefusal => Of(Runs.Select(r => r.FirstRefusalMs ?? double.NaN));

    public Quantiles SuspendReturned => Of(Runs.Select(r => r.SuspendReturnedMs));

    public Quantiles StopRequestReceived => Of(Runs.Select(r => r.StopRequestReceivedMs));

    public Quantiles StopConfirmed => Of(Runs.Select(r => r.StopConfirmedMs));

    public Quantiles LaunchToRunning => Of(Runs.Select(r => r.LaunchToRunningMs));

    public long RuntimeArrivalsAfterSuspendReturned => Runs.Sum(r => (long)r.RuntimeArrivalsAfterSuspendReturned);

    public long RuntimeArrivalsWhileSuspending => Runs.Sum(r => (long)r.RuntimeArrivalsWhileSuspending);

    public bool AcceptanceMet => StopConfirmed.P99 <= AcceptanceMs;

    private static Quantiles Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        return new Quantiles(Stats.Percentile(list, 0.50), Stats.Percentile(list, 0.99), list.Max());
    }
}

/// <summary>p50, p99 (nearest rank) and maximum, in milliseconds.</summary>
public sealed record Quantiles(double P50, double P99, double Max);

namespace DeepSync.Benchmarks.KillSwitch;

/// <summary>Size and timing of the kill-switch scenario.</summary>
public sealed record KillSwitchSettings(
    string Mode,
    int Runs,
    int Senders,
    TimeSpan PollInterval,
    TimeSpan PhaseDuration,
    int WarmMessages)
{
    /// <summary>
    /// 100 runs, 8 senders. The node polls its host every 50 ms while in transition; the fake Railway
    /// holds each deployment status (QUEUED, BUILDING, DEPLOYING, and REMOVING after a stop) for 100 ms.
    /// Before each Suspend the runtime must have answered at least 16 of the senders' messages.
    /// </summary>
    public static KillSwitchSettings Full { get; } = new("full", 100, 8, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), 16);

    public static KillSwitchSettings Quick { get; } = new("quick", 20, 8, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), 16);
}

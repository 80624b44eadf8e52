namespace DeepSync.Fleet;

/// <summary>
/// What the node grain's collaborators need from the activation they live in: timers, the lifecycle
/// reminder and keeping the activation alive. The grain implements it, so the collaborators stay plain
/// classes and everything they do still runs on the grain's own scheduler.
/// </summary>
public interface INodeActivation
{
    /// <summary>A grain timer calling <paramref name="tick"/>; <paramref name="interleave"/> lets it run alongside a call in progress.</summary>
    IDisposable StartTimer(Func<Task> tick, TimeSpan dueTime, TimeSpan period, bool interleave = false);

    /// <summary>Registers the one-minute reminder that reactivates the node after a restart.</summary>
    Task ArmReminderAsync();

    /// <summary>Removes that reminder if it is registered.</summary>
    Task DisarmReminderAsync();

    /// <summary>Keeps the activation alive for at least <paramref name="period"/> (work is in progress).</summary>
    void KeepAlive(TimeSpan period);
}

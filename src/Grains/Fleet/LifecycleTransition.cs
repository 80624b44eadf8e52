namespace DeepSync.Fleet;

/// <summary>
/// The result of one lifecycle transition: the next facts, the step to record in the ledger (null when
/// the change is persisted silently, or when nothing changed) and whether another host step can follow at once.
/// </summary>
public sealed record LifecycleTransition(LifecycleFacts Facts, NodeStep? Recorded = null, bool Continue = false)
{
    /// <summary>Whether the facts or the ledger change, i.e. whether the state must be written.</summary>
    public bool Changes(LifecycleFacts before) => Recorded is not null || Facts != before;
}

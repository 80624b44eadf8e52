using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Hosting;
using Orleans.Utilities;

namespace DeepSync.Fleet;

/// <summary>
/// A node's persisted state and the one way to change it: every commit writes the state with its ledger
/// entries (the outbox), then publishes them and tells the observers. Also answers who may see and
/// change the node. Shared by the node grain's collaborators within one activation.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The write gate is a SemaphoreSlim whose wait handle is never created; it holds nothing to release and lives as long as the activation.")]
public sealed class NodeRecord(
    Guid nodeId,
    IPersistentState<TeammateNodeState> state,
    TimeProvider clock,
    string hostName,
    ObserverManager<INodeObserver> observers,
    Func<Task> publish)
{
    // The kill switch interleaves with other calls and timer ticks; state writes must not overlap.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public Guid NodeId => nodeId;

    public TeammateNodeState S => state.State;

    public ObserverManager<INodeObserver> Observers => observers;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The lifecycle part of the state, for the lifecycle machine.</summary>
    public LifecycleFacts Facts(bool deployInFlight = false) => new(
        S.Lifecycle, S.Operation, NodeStepText.Parse(S.Step), S.Suspension is not null, S.ServiceId, S.DeploymentId,
        S.VariablesSet, S.LastPhase, S.StopRequested, S.FailureReason, S.AgentId, deployInFlight);

    /// <summary>Copies facts back into the state (not yet persisted); the step's spelling changes only with the step.</summary>
    public void Apply(LifecycleFacts before, LifecycleTransition transition, string? platformStatus = null)
    {
        var f = transition.Facts;
        S.Lifecycle = f.Lifecycle;
        S.Operation = f.Operation;
        S.ServiceId = f.ServiceId;
        S.DeploymentId = f.DeploymentId;
        S.VariablesSet = f.VariablesSet;
        S.LastPhase = f.LastPhase;
        S.StopRequested = f.StopRequested;
        S.FailureReason = f.FailureReason;
        S.AgentId = f.AgentId;
        if (transition.Recorded is not null || f.Step != before.Step)
        {
            S.Step = NodeStepText.Of(f.Step, platformStatus);
        }
    }

    public void EnsureVisibleTo(Actor actor)
    {
        // Unknown and foreign nodes look the same, so ids cannot be probed.
        var visible = S.Initialized && (actor.Kind is ActorKind.Operator or ActorKind.Policy or ActorKind.System || actor.UserId == S.OwnerId);
        if (!visible)
        {
            throw DeepSyncException.NodeNotFound(nodeId);
        }
    }

    public void EnsureWritableBy(Actor actor)
    {
        EnsureVisibleTo(actor);
        EnsureNotDeleted();
    }

    public void EnsureNotDeleted()
    {
        if (S.Lifecycle == NodeLifecycle.Deleted)
        {
            throw new DeepSyncException(DeepSyncError.NodeDeleted, $"Node {nodeId} has been deleted.");
        }
    }

    public void EnsureNotSuspended()
    {
        if (S.Suspension is { } suspension)
        {
            throw new DeepSyncException(DeepSyncError.NodeSuspended, $"{S.Profile!.Name} is suspended ({SuspensionReasonText.Of(suspension.Reason)}); nothing reaches it until it is resumed.");
        }
    }

    public AuditEntry Audit(string action, Actor actor, params (string Key, string? Value)[] details) =>
        AuditEntries.Create(Now, action, actor, nodeId, S.OwnerId, details);

    /// <summary>Persists the state as it is (no ledger entry, no version bump).</summary>
    public async Task WriteAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Persists the state with its ledger entries, then publishes them and tells the observers.</summary>
    public async Task CommitAsync(params AuditEntry[] entries)
    {
        await _writeGate.WaitAsync();
        try
        {
            S.PendingAudit.AddRange(entries);
            S.Version++;
            S.UpdatedAt = Now;
            await state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }

        await publish();
        var snapshot = Snapshot();
        foreach (var entry in entries.DefaultIfEmpty())
        {
            var change = entry is null
                ? new NodeChange(snapshot, "updated", null, S.UpdatedAt)
                : new NodeChange(snapshot, entry.Details.TryGetValue("step", out var step) ? step : entry.Action, Describe(entry), entry.At, entry.Initiator);
            observers.Notify(o => o.OnNodeChanged(change));
        }
    }

    /// <summary>Sends the pending ledger entries and, when newer, the directory row (retried by the grain until it succeeds).</summary>
    public async Task PublishAsync(IAuditLedger ledger, INodeDirectory directory, CancellationToken cancellationToken)
    {
        await ledger.FlushAsync(S.PendingAudit, cancellationToken);
        if (S.PublishedVersion < S.Version)
        {
            var version = S.Version;
            await directory.UpsertAsync(ToDirectoryEntry(), cancellationToken);
            S.PublishedVersion = version;
        }
    }

    private NodeDirectoryEntry ToDirectoryEntry() => new(
        nodeId,
        S.OwnerId,
        S.OwnerEmail,
        S.TierId,
        S.Profile!.Name,
        S.Profile.Callsign,
        S.Lifecycle,
        S.Suspension?.Reason,
        S.Suspension?.At,
        S.CreatedAt,
        S.UpdatedAt,
        S.Version);

    public NodeSnapshot Snapshot() => new(
        nodeId,
        S.OwnerId,
        S.Profile!,
        S.Lifecycle,
        S.Suspension,
        S.CreatedAt,
        S.UpdatedAt,
        S.Version,
        new NodeHostingInfo(hostName, S.ServiceId, S.DeploymentId, S.Step, S.FailureReason, S.AgentId));

    private static string? Describe(AuditEntry entry) =>
        entry.Details.Count == 0 ? null : string.Join(", ", entry.Details.Select(d => $"{d.Key}: {d.Value}"));
}

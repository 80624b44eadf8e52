using DeepSync.Agents;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Memory;
using DeepSync.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DeepSync.Text;
using Orleans.Utilities;

namespace DeepSync.Fleet;

/// <summary>
/// A teammate node: profile, suspension, lifecycle and message delivery. Calls are processed one at a
/// time except <see cref="Suspend"/>, which interleaves so the kill switch takes effect even while a
/// reply is streaming: it flips the flag before its first await, so every later call is refused.
/// </summary>
public sealed partial class TeammateNodeGrain : Grain, ITeammateNodeGrain, ITeammateNodePlatformGrain, IRemindable
{
    private readonly IPersistentState<TeammateNodeState> _state;
    private readonly IAuditLedger _ledger;
    private readonly INodeDirectory _directory;
    private readonly INodeHost _host;
    private readonly IAgentRuntime _runtime;
    private readonly INodeCredentials _credentials;
    private readonly ITranscriptStore _transcripts;
    private readonly IProvenanceStore _provenance;
    private readonly NodeLifecycleOptions _options;
    private readonly TimeProvider _clock;
    private readonly PublishRetry _publisher;
    private readonly ILogger<TeammateNodeGrain> _logger;
    private readonly ObserverManager<INodeObserver> _observers;

    // Suspend interleaves with other calls and timer ticks; state writes must not overlap.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public TeammateNodeGrain(
        [PersistentState(StorageNames.TeammateNode, StorageNames.Provider)] IPersistentState<TeammateNodeState> state,
        IAuditLedger ledger,
        INodeDirectory directory,
        INodeHost host,
        IAgentRuntime runtime,
        INodeCredentials credentials,
        ITranscriptStore transcripts,
        IProvenanceStore provenance,
        IOptions<NodeLifecycleOptions> options,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
        ILogger<TeammateNodeGrain> logger)
    {
        _state = state;
        _ledger = ledger;
        _directory = directory;
        _host = host;
        _runtime = runtime;
        _credentials = credentials;
        _transcripts = transcripts;
        _provenance = provenance;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _publisher = new PublishRetry(this, logger, PublishAsync);
        _observers = new ObserverManager<INodeObserver>(ITeammateNodeGrain.ObserverLifetime, logger);
    }

    private TeammateNodeState S => _state.State;

    private Guid NodeId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.PendingAudit.Count > 0 || S.PublishedVersion < S.Version)
        {
            await _publisher.PublishOnActivationAsync(_state, cancellationToken);
        }

        if (S.Operation != NodeOperation.None)
        {
            // A restart interrupted a transition: pick it up where it stopped.
            StartTicker();
        }
        else if (S.Lifecycle == NodeLifecycle.Running)
        {
            StartIdleWatch();
        }

        // Messages acknowledged before a restart are still owed an answer.
        EnsureDelivering();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Completions not yet written would otherwise be delivered again after reactivation.
        await FlushCompletionsAsync();
    }

    public Task<NodeSnapshot> Get(Actor actor)
    {
        EnsureVisibleTo(actor);
        return Task.FromResult(Snapshot());
    }

    public Task Subscribe(Actor actor, INodeObserver observer)
    {
        EnsureVisibleTo(actor);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(INodeObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<NodeSnapshot> Initialize(Actor platform, NodeInitialization init)
    {
        PlatformCaller.Ensure(platform, "create a node");
        ArgumentNullException.ThrowIfNull(init);
        if (S.Initialized)
        {
            if (S.OwnerId != init.OwnerId)
            {
                throw new DeepSyncException(DeepSyncError.Conflict, $"Node {NodeId} already belongs to another user.");
            }

            return Snapshot();
        }

        var profile = NodeProfileRules.Validate(init.Profile);
        var now = _clock.GetUtcNow();
        S.Initialized = true;
        S.OwnerId = init.OwnerId;
        S.OwnerEmail = init.OwnerEmail;
        S.TierId = init.TierId;
        S.Profile = profile;
        S.Lifecycle = NodeLifecycle.Created;
        S.CreatedAt = now;
        await CommitAsync(Audit(AuditAction.NodeCreated, init.Initiator, ("name", profile.Name), ("callsign", profile.Callsign)));
        return Snapshot();
    }

    public async Task<NodeSnapshot> UpdateProfile(Actor actor, NodeProfile profile)
    {
        EnsureWritableBy(actor);
        var validated = NodeProfileRules.Validate(profile);
        var previous = S.Profile!;
        if (validated == previous)
        {
            return Snapshot();
        }

        S.Profile = validated;
        await CommitAsync(Audit(
            AuditAction.NodeRenamed,
            actor,
            ("from_name", previous.Name),
            ("to_name", validated.Name),
            ("from_callsign", previous.Callsign),
            ("to_callsign", validated.Callsign)));
        return Snapshot();
    }

    public async Task<NodeSnapshot> Suspend(Actor actor, SuspensionReason reason, string detail)
    {
        EnsureVisibleTo(actor);
        EnsureNotDeleted();
        SuspensionPolicy.EnsureMaySuspend(actor, S.OwnerId, reason);
        var trimmed = UserText.Check((detail ?? string.Empty).Trim(), "The suspension reason", TextShape.MultiLine, InputLimits.Reason);

        if (S.Suspension is { } current)
        {
            // Already suspended, so every plane is already being driven down. A suspension the owner may
            // not lift takes the place of one they may; otherwise the first one stands.
            if (!SuspensionPolicy.Supersedes(reason, current.Reason))
            {
                return Snapshot();
            }

            S.Suspension = new Suspension(reason, trimmed, actor, _clock.GetUtcNow());
            await CommitAsync(Audit(AuditAction.NodeSuspended, actor, ("reason", SuspensionReasonText.Of(reason)), ("detail", trimmed), ("supersedes", SuspensionReasonText.Of(current.Reason))));
            return Snapshot();
        }

        // The kill switch proper: synchronous, before any await, so nothing that starts later gets through.
        S.Suspension = new Suspension(reason, trimmed, actor, _clock.GetUtcNow());
        var runInFlight = _activeRun;
        runInFlight?.Cancel();
        S.RunOnResume = S.Lifecycle is NodeLifecycle.Running or NodeLifecycle.Sleeping or NodeLifecycle.Provisioning;
        await CommitAsync(Audit(AuditAction.NodeSuspended, actor, ("reason", SuspensionReasonText.Of(reason)), ("detail", trimmed)));

        // Then every other plane, each step audited with its outcome.
        if (runInFlight is not null)
        {
            await CancelAgentRunAsync(actor);
        }

        await RevokeCredentialAsync(actor);
        await BeginStopAsync();
        return Snapshot();
    }

    public async Task<NodeSnapshot> Resume(Actor actor)
    {
        EnsureVisibleTo(actor);
        EnsureNotDeleted();
        if (S.Suspension is not { } suspension)
        {
            throw new DeepSyncException(DeepSyncError.Conflict, "This node is not suspended.");
        }

        SuspensionPolicy.EnsureMayResume(actor, S.OwnerId, suspension);
        S.Suspension = null;
        await CommitAsync(Audit(AuditAction.NodeResumed, actor, ("lifted_reason", SuspensionReasonText.Of(suspension.Reason))));
        if (S.RunOnResume)
        {
            // Resume redeploys: a fresh deployment with a freshly issued credential.
            S.RunOnResume = false;
            await BeginProvisionAsync(actor);
        }

        EnsureDelivering();
        return Snapshot();
    }

    public async Task Delete(Actor actor)
    {
        if (S.Initialized && S.Lifecycle == NodeLifecycle.Deleted && (actor.IsOperator || actor.UserId == S.OwnerId || actor.Kind == ActorKind.System))
        {
            return;
        }

        EnsureWritableBy(actor);
        _activeRun?.Cancel();
        await RevokeCredentialAsync(actor);
        if (S.ServiceId is { } serviceId)
        {
            await _host.DeleteServiceAsync(serviceId);
        }

        S.Lifecycle = NodeLifecycle.Deleted;
        S.Operation = NodeOperation.None;
        S.ServiceId = null;
        S.DeploymentId = null;
        StopTicker();
        await CommitAsync(Audit(AuditAction.NodeDeleted, actor));
    }

    public async Task SetTier(Actor platform, string tierId)
    {
        PlatformCaller.Ensure(platform, "change a node's tier");
        if (!S.Initialized || S.TierId == tierId)
        {
            return;
        }

        S.TierId = tierId;
        await CommitAsync();
    }

    private void EnsureVisibleTo(Actor actor)
    {
        // Unknown and foreign nodes look the same, so ids cannot be probed.
        var visible = S.Initialized && (actor.Kind is ActorKind.Operator or ActorKind.Policy or ActorKind.System || actor.UserId == S.OwnerId);
        if (!visible)
        {
            throw DeepSyncException.NodeNotFound(NodeId);
        }
    }

    private void EnsureWritableBy(Actor actor)
    {
        EnsureVisibleTo(actor);
        EnsureNotDeleted();
    }

    private void EnsureNotDeleted()
    {
        if (S.Lifecycle == NodeLifecycle.Deleted)
        {
            throw new DeepSyncException(DeepSyncError.NodeDeleted, $"Node {NodeId} has been deleted.");
        }
    }

    private void EnsureNotSuspended()
    {
        if (S.Suspension is { } suspension)
        {
            throw new DeepSyncException(DeepSyncError.NodeSuspended, $"{S.Profile!.Name} is suspended ({SuspensionReasonText.Of(suspension.Reason)}); nothing reaches it until it is resumed.");
        }
    }

    private AuditEntry Audit(string action, Actor actor, params (string Key, string? Value)[] details) =>
        AuditEntries.Create(_clock.GetUtcNow(), action, actor, NodeId, S.OwnerId, details);

    /// <summary>Persists the state as it is (no ledger entry, no version bump).</summary>
    private async Task WriteStateAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await _state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Persists the state with its ledger entries, then publishes them and tells the observers.</summary>
    private async Task CommitAsync(params AuditEntry[] entries)
    {
        await _writeGate.WaitAsync();
        try
        {
            S.PendingAudit.AddRange(entries);
            S.Version++;
            S.UpdatedAt = _clock.GetUtcNow();
            await _state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }

        await _publisher.TryAsync();
        var snapshot = Snapshot();
        foreach (var entry in entries.DefaultIfEmpty())
        {
            var change = entry is null
                ? new NodeChange(snapshot, "updated", null, S.UpdatedAt)
                : new NodeChange(snapshot, entry.Details.TryGetValue("step", out var step) ? step : entry.Action, Describe(entry), entry.At, entry.Initiator);
            _observers.Notify(o => o.OnNodeChanged(change));
        }
    }

    private static string? Describe(AuditEntry entry) =>
        entry.Details.Count == 0 ? null : string.Join(", ", entry.Details.Select(d => $"{d.Key}: {d.Value}"));

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        await _ledger.FlushAsync(S.PendingAudit, cancellationToken);
        if (S.PublishedVersion < S.Version)
        {
            var version = S.Version;
            await _directory.UpsertAsync(ToDirectoryEntry(), cancellationToken);
            S.PublishedVersion = version;
        }
    }

    private NodeDirectoryEntry ToDirectoryEntry() => new(
        NodeId,
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

    private NodeSnapshot Snapshot() => new(
        NodeId,
        S.OwnerId,
        S.Profile!,
        S.Lifecycle,
        S.Suspension,
        S.CreatedAt,
        S.UpdatedAt,
        S.Version,
        new NodeHostingInfo(_host.Name, S.ServiceId, S.DeploymentId, S.Step, S.FailureReason, S.AgentId));
}

using Microsoft.Extensions.DependencyInjection;
using DeepSync.Agents;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSync.Fleet;

/// <summary>
/// A teammate node. Calls are processed one at a time, so a suspension committed by
/// <see cref="Suspend"/> is seen by every call that starts after it returns.
/// </summary>
public sealed class TeammateNodeGrain : Grain, ITeammateNodeGrain
{
    private const int RecentReplyLimit = 256;

    private readonly IPersistentState<TeammateNodeState> _state;
    private readonly IAuditLedger _ledger;
    private readonly INodeDirectory _directory;
    private readonly INodeHost _host;
    private readonly IAgentRuntime _runtime;
    private readonly TimeProvider _clock;
    private readonly PublishRetry _publisher;
    private readonly ILogger<TeammateNodeGrain> _logger;

    public TeammateNodeGrain(
        [PersistentState(StorageNames.TeammateNode, StorageNames.Provider)] IPersistentState<TeammateNodeState> state,
        IAuditLedger ledger,
        INodeDirectory directory,
        INodeHost host,
        IAgentRuntime runtime,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
        ILogger<TeammateNodeGrain> logger)
    {
        _state = state;
        _ledger = ledger;
        _directory = directory;
        _host = host;
        _runtime = runtime;
        _clock = clock;
        _logger = logger;
        _publisher = new PublishRetry(this, logger, PublishAsync);
    }

    private TeammateNodeState S => _state.State;

    private Guid NodeId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.PendingAudit.Count > 0 || S.PublishedVersion < S.Version)
        {
            await _publisher.PublishOnActivationAsync(_state, cancellationToken);
        }
    }

    public Task<NodeSnapshot> Get(Actor actor)
    {
        EnsureVisibleTo(actor);
        return Task.FromResult(Snapshot());
    }

    public async Task<NodeSnapshot> Initialize(NodeInitialization init)
    {
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

    public async Task<NodeSnapshot> Launch(Actor actor)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        if (S.Lifecycle == NodeLifecycle.Running)
        {
            return Snapshot();
        }

        await _host.StartAsync(NodeId);
        S.Lifecycle = NodeLifecycle.Running;
        await CommitAsync(Audit(AuditAction.NodeLaunched, actor));
        return Snapshot();
    }

    public async Task<NodeSnapshot> Stop(Actor actor)
    {
        EnsureWritableBy(actor);
        if (S.Lifecycle is NodeLifecycle.Stopped or NodeLifecycle.Created)
        {
            return Snapshot();
        }

        await _host.StopAsync(NodeId);
        S.Lifecycle = NodeLifecycle.Stopped;
        await CommitAsync(Audit(AuditAction.NodeStopped, actor));
        return Snapshot();
    }

    public async Task<NodeSnapshot> Suspend(Actor actor, SuspensionReason reason, string detail)
    {
        EnsureVisibleTo(actor);
        EnsureNotDeleted();
        SuspensionPolicy.EnsureMaySuspend(actor, S.OwnerId, reason);
        var trimmed = (detail ?? string.Empty).Trim();
        if (trimmed.Length > 500)
        {
            throw DeepSyncException.Validation("The suspension reason must be at most 500 characters.");
        }

        if (S.Suspension is not null)
        {
            // Already suspended: the first suspension stands (and decides who may lift it).
            return Snapshot();
        }

        S.Suspension = new Suspension(reason, trimmed, actor, _clock.GetUtcNow());
        await CommitAsync(Audit(AuditAction.NodeSuspended, actor, ("reason", ReasonText(reason)), ("detail", trimmed)));

        // The flag is committed: from here on nothing reaches the agent. Stopping the container follows.
        if (S.Lifecycle is NodeLifecycle.Running or NodeLifecycle.Sleeping or NodeLifecycle.Provisioning)
        {
            try
            {
                await _host.StopAsync(NodeId);
                S.Lifecycle = NodeLifecycle.Stopped;
                await CommitAsync(Audit(AuditAction.NodeStopped, actor, ("cause", "suspension")));
            }
            catch (Exception ex)
            {
                // The suspension already holds; a container that failed to stop receives nothing from us.
                _logger.LogError(ex, "Node {NodeId} is suspended but its container did not confirm the stop", NodeId);
            }
        }

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
        await CommitAsync(Audit(AuditAction.NodeResumed, actor, ("lifted_reason", ReasonText(suspension.Reason))));
        return Snapshot();
    }

    public async Task<NodeReply> SendMessage(Actor actor, NodeMessage message)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        if (message is null || string.IsNullOrWhiteSpace(message.Text))
        {
            throw DeepSyncException.Validation("A message needs text.");
        }

        if (string.IsNullOrWhiteSpace(message.IdempotencyKey) || message.IdempotencyKey.Length > 200)
        {
            throw DeepSyncException.Validation("A message needs an idempotency key of at most 200 characters.");
        }

        if (S.RecentReplies.TryGetValue(message.IdempotencyKey, out var earlier))
        {
            return earlier;
        }

        var text = await _runtime.ReplyAsync(new AgentTurn(NodeId, S.Profile!.Name, message.Channel, message.Sender, message.Text, message.IdempotencyKey));
        var reply = new NodeReply(message.IdempotencyKey, text, _clock.GetUtcNow());
        S.RecentReplies[message.IdempotencyKey] = reply;
        S.RecentReplyOrder.Add(message.IdempotencyKey);
        while (S.RecentReplyOrder.Count > RecentReplyLimit)
        {
            S.RecentReplies.Remove(S.RecentReplyOrder[0]);
            S.RecentReplyOrder.RemoveAt(0);
        }

        await _state.WriteStateAsync();
        return reply;
    }

    public async Task Delete(Actor actor)
    {
        if (S.Initialized && S.Lifecycle == NodeLifecycle.Deleted && (actor.IsOperator || actor.UserId == S.OwnerId || actor.Kind == ActorKind.System))
        {
            return;
        }

        EnsureWritableBy(actor);
        if (S.Lifecycle is NodeLifecycle.Running or NodeLifecycle.Sleeping or NodeLifecycle.Provisioning)
        {
            await _host.StopAsync(NodeId);
        }

        S.Lifecycle = NodeLifecycle.Deleted;
        await CommitAsync(Audit(AuditAction.NodeDeleted, actor));
    }

    public async Task SetTier(string tierId)
    {
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
            throw new DeepSyncException(DeepSyncError.NodeSuspended, $"{S.Profile!.Name} is suspended ({ReasonText(suspension.Reason)}); nothing reaches it until it is resumed.");
        }
    }

    private AuditEntry Audit(string action, Actor actor, params (string Key, string? Value)[] details) =>
        AuditEntries.Create(_clock.GetUtcNow(), action, actor, NodeId, S.OwnerId, details);

    private async Task CommitAsync(params AuditEntry[] entries)
    {
        S.PendingAudit.AddRange(entries);
        S.Version++;
        S.UpdatedAt = _clock.GetUtcNow();
        await _state.WriteStateAsync();
        await _publisher.TryAsync();
    }

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

    private NodeSnapshot Snapshot() => new(NodeId, S.OwnerId, S.Profile!, S.Lifecycle, S.Suspension, S.CreatedAt, S.UpdatedAt, S.Version);

    internal static string ReasonText(SuspensionReason reason) => reason switch
    {
        SuspensionReason.OwnerRequest => "owner_request",
        SuspensionReason.Operator => "operator",
        SuspensionReason.SecurityStrikes => "security_strikes",
        SuspensionReason.OverPlanLimit => "over_plan_limit",
        _ => reason.ToString(),
    };
}

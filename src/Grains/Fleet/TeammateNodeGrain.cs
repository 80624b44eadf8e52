using DeepSync.Agents;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Hosting;
using DeepSync.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace DeepSync.Fleet;

/// <summary>
/// A teammate node. The grain authorizes each call, then hands it to a collaborator living in the same
/// activation: <see cref="NodeRecord"/> (state, commits, ledger, observers), <see cref="NodeLifecycleDriver"/>
/// (running <see cref="NodeLifecycleMachine"/>'s transitions against the host), <see cref="NodeMessageDelivery"/>,
/// <see cref="NodeKillSwitch"/> and <see cref="NodeMemoryProxy"/>. Calls are processed one at a time except
/// those marked to interleave, notably <see cref="Suspend"/>, whose flag flip comes before its first await.
/// </summary>
public sealed class TeammateNodeGrain : Grain, ITeammateNodeGrain, ITeammateNodePlatformGrain, IRemindable, INodeActivation
{
    private const string LifecycleReminder = "node-lifecycle";

    private readonly IPersistentState<TeammateNodeState> _state;
    private readonly ITranscriptStore _transcripts;
    private readonly PublishRetry _publisher;
    private readonly NodeRecord _record;
    private readonly NodeLifecycleDriver _lifecycle;
    private readonly NodeMessageDelivery _delivery;
    private readonly NodeKillSwitch _killSwitch;
    private readonly NodeMemoryProxy _memory;

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
        _transcripts = transcripts;
        var observers = new ObserverManager<INodeObserver>(ITeammateNodeGrain.ObserverLifetime, logger);
        _record = new NodeRecord(this.GetPrimaryKey(), state, clock, host.Name, observers, () => _publisher!.TryAsync());
        _publisher = new PublishRetry(this, logger, cancellationToken => _record.PublishAsync(ledger, directory, cancellationToken));
        _lifecycle = new NodeLifecycleDriver(_record, this, host, runtime, credentials, options.Value, logger, () => _delivery!.EnsureDelivering());
        var chat = new NodeChatEvents(_record);
        var agent = new NodeAgentRun(_record, runtime, chat);
        _delivery = new NodeMessageDelivery(_record, this, _lifecycle, agent, new NodeReplies(_record.NodeId, transcripts), chat, transcripts, options.Value, logger);
        _killSwitch = new NodeKillSwitch(_record, _lifecycle, agent, runtime, credentials, logger, _delivery.EnsureDelivering);
        _memory = new NodeMemoryProxy(_record, runtime, provenance);
    }

    private TeammateNodeState S => _record.S;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.PendingAudit.Count > 0 || S.PublishedVersion < S.Version)
        {
            await _publisher.PublishOnActivationAsync(_state, cancellationToken);
        }

        // A restart interrupted a transition or the kill switch, or left messages owed an answer: pick them up.
        _lifecycle.Resume();
        await _killSwitch.FinishIfInterruptedAsync();
        _delivery.EnsureDelivering();
    }

    // Completions not yet written would otherwise be delivered again after reactivation.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => _delivery.FlushCompletionsAsync();

    public Task<NodeSnapshot> Get(Actor actor)
    {
        _record.EnsureVisibleTo(actor);
        return Task.FromResult(_record.Snapshot());
    }

    public Task Subscribe(Actor actor, INodeObserver observer)
    {
        _record.EnsureVisibleTo(actor);
        _record.Observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(INodeObserver observer)
    {
        _record.Observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task<NodeSnapshot> Initialize(Actor platform, NodeInitialization init)
    {
        PlatformCaller.Ensure(platform, "create a node");
        ArgumentNullException.ThrowIfNull(init);
        if (S.Initialized)
        {
            return S.OwnerId == init.OwnerId
                ? _record.Snapshot()
                : throw new DeepSyncException(DeepSyncError.Conflict, $"Node {_record.NodeId} already belongs to another user.");
        }

        var profile = NodeProfileRules.Validate(init.Profile);
        S.Initialized = true;
        S.OwnerId = init.OwnerId;
        S.OwnerEmail = init.OwnerEmail;
        S.TierId = init.TierId;
        S.Profile = profile;
        S.Lifecycle = NodeLifecycle.Created;
        S.CreatedAt = _record.Now;
        await _record.CommitAsync(_record.Audit(AuditAction.NodeCreated, init.Initiator, ("name", profile.Name), ("callsign", profile.Callsign)));
        return _record.Snapshot();
    }

    public async Task SetTier(Actor platform, string tierId)
    {
        PlatformCaller.Ensure(platform, "change a node's tier");
        if (S.Initialized && S.TierId != tierId)
        {
            S.TierId = tierId;
            await _record.CommitAsync();
        }
    }

    public async Task<NodeSnapshot> UpdateProfile(Actor actor, NodeProfile profile)
    {
        _record.EnsureWritableBy(actor);
        var validated = NodeProfileRules.Validate(profile);
        var previous = S.Profile!;
        if (validated != previous)
        {
            S.Profile = validated;
            await _record.CommitAsync(_record.Audit(
                AuditAction.NodeRenamed,
                actor,
                ("from_name", previous.Name),
                ("to_name", validated.Name),
                ("from_callsign", previous.Callsign),
                ("to_callsign", validated.Callsign)));
        }

        return _record.Snapshot();
    }

    public async Task<NodeSnapshot> Launch(Actor actor)
    {
        _record.EnsureWritableBy(actor);
        _record.EnsureNotSuspended();
        await _lifecycle.LaunchAsync(actor);
        return _record.Snapshot();
    }

    public async Task<NodeSnapshot> Stop(Actor actor)
    {
        _record.EnsureWritableBy(actor);
        await _lifecycle.StopAsync(actor);
        return _record.Snapshot();
    }

    public async Task<NodeSnapshot> Sleep(Actor actor)
    {
        _record.EnsureWritableBy(actor);
        _record.EnsureNotSuspended();
        if (!NodeLifecycleMachine.CanSleep(_record.Facts()))
        {
            throw new DeepSyncException(DeepSyncError.NodeNotRunning, $"{S.Profile!.Name} is {S.Lifecycle.ToString().ToLowerInvariant()}; only a running node can sleep.");
        }

        await _lifecycle.SleepAsync(actor, "requested");
        return _record.Snapshot();
    }

    public async Task<NodeSnapshot> Wake(Actor actor)
    {
        _record.EnsureWritableBy(actor);
        _record.EnsureNotSuspended();
        await _lifecycle.WakeAsync(actor);
        return _record.Snapshot();
    }

    public async Task<NodeSnapshot> Suspend(Actor actor, SuspensionReason reason, string detail)
    {
        _record.EnsureWritableBy(actor);
        await _killSwitch.SuspendAsync(actor, reason, detail);
        return _record.Snapshot();
    }

    public async Task<NodeSnapshot> Resume(Actor actor)
    {
        _record.EnsureWritableBy(actor);
        await _killSwitch.ResumeAsync(actor);
        return _record.Snapshot();
    }

    public async Task Delete(Actor actor)
    {
        var alreadyDeleted = S.Initialized && S.Lifecycle == NodeLifecycle.Deleted;
        if (alreadyDeleted && (actor.IsOperator || actor.UserId == S.OwnerId || actor.Kind == ActorKind.System))
        {
            return;
        }

        _record.EnsureWritableBy(actor);
        await _lifecycle.DeleteAsync(actor, await _killSwitch.DisconnectAsync(actor));
    }

    public Task<NodeReply> SendMessage(Actor actor, NodeMessage message)
    {
        _record.EnsureWritableBy(actor);
        return _delivery.SendAsync(actor, NodeMessageRules.Validate(message));
    }

    public Task<MessageReceipt> Post(Actor actor, NodeMessage message)
    {
        _record.EnsureWritableBy(actor);
        _record.EnsureNotSuspended();
        return _delivery.PostAsync(actor, NodeMessageRules.Validate(message));
    }

    public async Task<TranscriptPage> GetTranscript(Actor actor, string? channel, long? before, int limit)
    {
        _record.EnsureVisibleTo(actor);
        return limit is < 1 or > 200
            ? throw DeepSyncException.Validation("Page size must be between 1 and 200.")
            : await _transcripts.PageAsync(_record.NodeId, channel, before, limit);
    }

    public Task<IReadOnlyList<NodeMessage>> GetQueue(Actor actor)
    {
        _record.EnsureVisibleTo(actor);
        return Task.FromResult<IReadOnlyList<NodeMessage>>(S.Queue.Select(q => new NodeMessage(q.Channel, q.Sender, q.Text, q.IdempotencyKey)).ToList());
    }

    public Task<IReadOnlyList<CoreMemoryBlock>> GetCoreMemory(Actor actor)
    {
        _record.EnsureVisibleTo(actor);
        return _memory.GetCoreAsync();
    }

    public Task<CoreMemoryBlock> UpdateCoreMemory(Actor actor, string label, string value, string expectedVersion)
    {
        _record.EnsureWritableBy(actor);
        _record.EnsureNotSuspended();
        return _memory.UpdateCoreAsync(actor, label, value, expectedVersion);
    }

    public Task<IReadOnlyList<ArchivalMemoryItem>> SearchArchival(Actor actor, string? query, int limit)
    {
        _record.EnsureVisibleTo(actor);
        return _memory.SearchArchivalAsync(query, limit);
    }

    public Task<ArchivalMemoryItem> AddArchival(Actor actor, string text, string channel, string? messageKey)
    {
        _record.EnsureWritableBy(actor);
        _record.EnsureNotSuspended();
        return _memory.AddArchivalAsync(actor, text, channel, messageKey);
    }

    public Task DeleteArchival(Actor actor, string passageId)
    {
        _record.EnsureWritableBy(actor);
        return _memory.DeleteArchivalAsync(actor, passageId);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == LifecycleReminder)
        {
            _delivery.EnsureDelivering();
            await _lifecycle.OnReminderAsync();
        }
    }

    IDisposable INodeActivation.StartTimer(Func<Task> tick, TimeSpan dueTime, TimeSpan period, bool interleave) =>
        this.RegisterGrainTimer(static (callback, _) => callback(), tick, new GrainTimerCreationOptions { DueTime = dueTime, Period = period, Interleave = interleave });

    Task INodeActivation.ArmReminderAsync() => this.RegisterOrUpdateReminder(LifecycleReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    async Task INodeActivation.DisarmReminderAsync()
    {
        if (await this.GetReminder(LifecycleReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    void INodeActivation.KeepAlive(TimeSpan period) => DelayDeactivation(period);
}

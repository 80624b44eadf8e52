using Microsoft.Extensions.DependencyInjection;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Text;
using Microsoft.Extensions.Logging;

namespace DeepSync.Billing;

/// <summary>
/// A user's subscription. Calls are processed one at a time, which is what makes
/// <see cref="CreateNode"/> atomic under the tier's node limit.
/// </summary>
public sealed class SubscriptionGrain : Grain, ISubscriptionGrain, ISubscriptionPlatformGrain
{
    private const int RememberedCreateRequests = 256;

    // How this grain identifies itself to the platform-only methods of its nodes.
    private static readonly Actor Platform = Actor.ForSystem("subscription");

    private readonly IPersistentState<SubscriptionState> _state;
    private readonly IAuditLedger _ledger;
    private readonly ISubscriptionDirectory _directory;
    private readonly TimeProvider _clock;
    private readonly PublishRetry _publisher;

    public SubscriptionGrain(
        [PersistentState(StorageNames.Subscription, StorageNames.Provider)] IPersistentState<SubscriptionState> state,
        IAuditLedger ledger,
        ISubscriptionDirectory directory,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
        ILogger<SubscriptionGrain> logger)
    {
        _state = state;
        _ledger = ledger;
        _directory = directory;
        _clock = clock;
        _publisher = new PublishRetry(this, logger, PublishAsync);
    }

    private SubscriptionState S => _state.State;

    private Guid UserId => this.GetPrimaryKey();

    private ITierCatalogGrain Catalog => GrainFactory.GetGrain<ITierCatalogGrain>(ITierCatalogGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.PendingAudit.Count > 0 || S.PublishedVersion < S.Version)
        {
            await _publisher.PublishOnActivationAsync(_state, cancellationToken);
        }
    }

    public async Task<SubscriptionSnapshot> Provision(Actor actor, string email)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Kind != ActorKind.System && actor.UserId != this.GetPrimaryKey())
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Only the account's own user or the platform can set up a subscription.");
        }

        if (S.Initialized)
        {
            return await SnapshotAsync();
        }

        var trimmed = (email ?? string.Empty).Trim();
        if (trimmed.Length is 0 or > 254 || !trimmed.Contains('@'))
        {
            throw DeepSyncException.Validation("A valid e-mail address (at most 254 characters) is required.");
        }

        var tier = await Catalog.Get(WellKnownTiers.Default);
        var now = _clock.GetUtcNow();
        var system = Actor.ForSystem("sign-up");
        var nodeId = Guid.NewGuid();
        S.Initialized = true;
        S.Email = trimmed;
        S.TierId = tier.Id;
        S.PeriodAnchor = now;
        (S.PeriodStart, S.PeriodEnd) = BillingPeriod.Containing(now, now);
        S.Nodes.Add(new SubscriptionNode(nodeId, now));
        await CommitAsync(AuditEntries.Create(now, AuditAction.SubscriptionCreated, system, null, UserId, ("tier", tier.Id), ("email", trimmed)));
        await InitializeNodeAsync(nodeId, NodeProfileRules.FirstNode, system);
        return await SnapshotAsync();
    }

    public async Task<SubscriptionSnapshot> Get(Actor actor)
    {
        EnsureVisibleTo(actor);
        await RollOverIfDueAsync();
        return await SnapshotAsync();
    }

    public async Task<NodeSnapshot> CreateNode(Actor actor, NodeProfile profile, string requestId)
    {
        EnsureVisibleTo(actor);
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > 100)
        {
            throw DeepSyncException.Validation("A request id of 1-100 characters is required.");
        }

        if (S.CreateRequests.TryGetValue(requestId, out var existing))
        {
            return await GrainFactory.GetGrain<ITeammateNodeGrain>(existing).Get(actor);
        }

        var validated = NodeProfileRules.Validate(profile);
        var tier = await Catalog.Get(S.TierId);
        if (tier.NodeLimit is { } limit && S.Nodes.Count >= limit)
        {
            throw new DeepSyncException(
                DeepSyncError.NodeLimitReached,
                $"Your {tier.DisplayName} plan allows {limit} node{(limit == 1 ? string.Empty : "s")} and you have {S.Nodes.Count}. Upgrade your plan to add more teammates.");
        }

        var nodeId = Guid.NewGuid();
        S.Nodes.Add(new SubscriptionNode(nodeId, _clock.GetUtcNow()));
        S.CreateRequests[requestId] = nodeId;
        while (S.CreateRequests.Count > RememberedCreateRequests)
        {
            S.CreateRequests.Remove(S.CreateRequests.Keys.First());
        }

        await CommitAsync();
        return await InitializeNodeAsync(nodeId, validated, actor);
    }

    public async Task<SubscriptionSnapshot> ChangeTier(Actor actor, string tierId)
    {
        EnsureInitialized();
        if (actor.Kind is not (ActorKind.Operator or ActorKind.System))
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Only an operator or the billing system can change a plan.");
        }

        var tier = await Catalog.Get(tierId);
        if (tier.Id == S.TierId)
        {
            return await SnapshotAsync();
        }

        if (tier.Archived)
        {
            throw new DeepSyncException(DeepSyncError.TierArchived, $"Tier '{tier.Id}' is archived and cannot be assigned.");
        }

        var previous = S.TierId;
        S.TierId = tier.Id;
        await CommitAsync(AuditEntries.Create(_clock.GetUtcNow(), AuditAction.TierChanged, actor, null, UserId, ("from", previous), ("to", tier.Id)));

        var nodes = S.Nodes.ToList();
        foreach (var node in nodes)
        {
            await GrainFactory.GetGrain<ITeammateNodePlatformGrain>(node.NodeId).SetTier(Platform, tier.Id);
        }

        // Below the new limit the newest nodes are suspended, never deleted; the user chooses later.
        if (tier.NodeLimit is { } limit && nodes.Count > limit)
        {
            var planLimit = Actor.ForSystem("plan-limit");
            foreach (var excess in nodes.OrderByDescending(n => n.CreatedAt).Take(nodes.Count - limit))
            {
                await GrainFactory.GetGrain<ITeammateNodeGrain>(excess.NodeId)
                    .Suspend(planLimit, SuspensionReason.OverPlanLimit, $"The {tier.DisplayName} plan allows {limit} node(s).");
            }
        }

        return await SnapshotAsync();
    }

    public async Task<VoicePool> GrantVoiceMinutes(Actor actor, int minutes, string reason)
    {
        EnsureInitialized();
        if (!actor.IsOperator)
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Only an operator can grant voice minutes.");
        }

        if (minutes is < 1 or > 100_000)
        {
            throw DeepSyncException.Validation("Granted minutes must be between 1 and 100000.");
        }

        var cleanReason = UserText.Check((reason ?? string.Empty).Trim(), "The reason", TextShape.MultiLine, InputLimits.Reason);
        await RollOverIfDueAsync();
        S.GrantedMinutes += minutes;
        await CommitAsync(AuditEntries.Create(
            _clock.GetUtcNow(), AuditAction.VoiceMinutesGranted, actor, null, UserId, ("minutes", minutes.ToString()), ("reason", cleanReason)));
        return await VoicePoolAsync();
    }

    public async Task<VoicePool> RecordVoiceUsage(Actor platform, Guid nodeId, long seconds)
    {
        PlatformCaller.Ensure(platform, "record voice usage");
        EnsureInitialized();
        if (S.Nodes.All(n => n.NodeId != nodeId))
        {
            throw DeepSyncException.NodeNotFound(nodeId);
        }

        if (seconds < 0)
        {
            throw DeepSyncException.Validation("Voice usage cannot be negative.");
        }

        await RollOverIfDueAsync();
        S.UsedSecondsByNode[nodeId] = S.UsedSecondsByNode.GetValueOrDefault(nodeId) + seconds;
        await CommitAsync();
        return await VoicePoolAsync();
    }

    public async Task<StrikeOutcome> RecordStrike(Guid nodeId, StrikeSeverity severity, string rule, string detail, Actor initiator)
    {
        EnsureInitialized();
        if (initiator.Kind is not (ActorKind.Policy or ActorKind.System or ActorKind.Operator))
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Strikes are recorded by policies, the platform or operators.");
        }

        if (S.Nodes.All(n => n.NodeId != nodeId))
        {
            throw DeepSyncException.NodeNotFound(nodeId);
        }

        // Rules and details come from policies and from what a node reported, not from a form: scrubbed, not refused.
        var cleanRule = UserText.Scrub((rule ?? string.Empty).Trim());
        var cleanDetail = UserText.Scrub((detail ?? string.Empty).Trim());
        if (cleanRule.Length is 0 or > 100 || cleanDetail.Length > 2_000)
        {
            throw DeepSyncException.Validation("A strike needs a rule of 1-100 characters and details of at most 2000 characters.");
        }

        var now = _clock.GetUtcNow();
        S.RecentStrikes.RemoveAll(s => s.At <= now - StrikePolicy.Window);
        S.RecentStrikes.Add(new StrikeRecord(nodeId, severity, cleanRule, now));
        var count = StrikePolicy.InWindow(S.RecentStrikes.Select(s => s.At), now);
        await CommitAsync(AuditEntries.Create(
            now,
            AuditAction.StrikeRecorded,
            initiator,
            nodeId,
            UserId,
            ("severity", severity.ToString().ToLowerInvariant()),
            ("rule", cleanRule),
            ("detail", cleanDetail),
            ("strikes_in_24h", count.ToString())));

        if (count < StrikePolicy.Threshold)
        {
            return new StrikeOutcome(count, false);
        }

        foreach (var node in S.Nodes.ToList())
        {
            await GrainFactory.GetGrain<ITeammateNodeGrain>(node.NodeId)
                .Suspend(StrikePolicy.Initiator, SuspensionReason.SecurityStrikes, $"{count} security strikes within 24 hours (last: {cleanRule}).");
        }

        return new StrikeOutcome(count, true);
    }

    public async Task DeleteNode(Actor actor, Guid nodeId)
    {
        EnsureVisibleTo(actor);
        var node = S.Nodes.FirstOrDefault(n => n.NodeId == nodeId) ?? throw DeepSyncException.NodeNotFound(nodeId);
        await GrainFactory.GetGrain<ITeammateNodeGrain>(nodeId).Delete(actor);
        S.Nodes.Remove(node);
        await CommitAsync();
    }

    private async Task<NodeSnapshot> InitializeNodeAsync(Guid nodeId, NodeProfile profile, Actor initiator)
    {
        try
        {
            return await GrainFactory.GetGrain<ITeammateNodePlatformGrain>(nodeId)
                .Initialize(Platform, new NodeInitialization(UserId, S.Email, S.TierId, profile, initiator));
        }
        catch
        {
            // The node never came to be: stop counting it so the slot is not lost.
            S.Nodes.RemoveAll(n => n.NodeId == nodeId);
            foreach (var key in S.CreateRequests.Where(kv => kv.Value == nodeId).Select(kv => kv.Key).ToList())
            {
                S.CreateRequests.Remove(key);
            }

            await CommitAsync();
            throw;
        }
    }

    private async Task RollOverIfDueAsync()
    {
        if (!S.Initialized || S.StripeSubscriptionId is not null)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        if (now < S.PeriodEnd)
        {
            return;
        }

        (S.PeriodStart, S.PeriodEnd) = BillingPeriod.Containing(S.PeriodAnchor, now);
        S.UsedSecondsByNode.Clear();
        S.GrantedMinutes = 0;
        await CommitAsync();
    }

    private void EnsureInitialized()
    {
        if (!S.Initialized)
        {
            throw new DeepSyncException(DeepSyncError.SubscriptionNotFound, $"User {UserId} has no subscription.");
        }
    }

    private void EnsureVisibleTo(Actor actor)
    {
        EnsureInitialized();
        if (!(actor.Kind is ActorKind.Operator or ActorKind.System or ActorKind.Policy || actor.UserId == UserId))
        {
            // The same answer as for a user without a subscription, so user ids cannot be probed.
            throw new DeepSyncException(DeepSyncError.SubscriptionNotFound, $"User {UserId} has no subscription.");
        }
    }

    private async Task CommitAsync(params AuditEntry[] entries)
    {
        S.PendingAudit.AddRange(entries);
        S.Version++;
        await _state.WriteStateAsync();
        await _publisher.TryAsync();
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        await _ledger.FlushAsync(S.PendingAudit, cancellationToken);

        if (S.PublishedVersion < S.Version)
        {
            var version = S.Version;
            await _directory.UpsertAsync(
                new SubscriptionDirectoryEntry(UserId, S.Email, S.TierId, S.Status, S.PeriodStart, S.PeriodEnd, S.Nodes.Count, version),
                cancellationToken);
            S.PublishedVersion = version;
        }
    }

    private async Task<VoicePool> VoicePoolAsync() => VoicePoolOf(await Catalog.Get(S.TierId));

    private VoicePool VoicePoolOf(TierDefinition tier) =>
        new(tier.VoiceMinutesPerPeriod, S.GrantedMinutes, S.UsedSecondsByNode.Values.Sum(), new Dictionary<Guid, long>(S.UsedSecondsByNode));

    private async Task<SubscriptionSnapshot> SnapshotAsync()
    {
        var tier = await Catalog.Get(S.TierId);
        return new SubscriptionSnapshot(UserId, S.Email, tier, S.Status, S.PeriodStart, S.PeriodEnd, S.Nodes.Select(n => n.NodeId).ToList(), VoicePoolOf(tier));
    }

    public async Task RequestUpgrade(Actor actor, string tierId)
    {
        EnsureVisibleTo(actor);
        if (actor.UserId != UserId)
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Only the account's owner can ask for a bigger plan.");
        }

        var tier = await Catalog.Get((tierId ?? string.Empty).Trim());
        if (tier.Archived)
        {
            throw new DeepSyncException(DeepSyncError.TierArchived, $"The {tier.DisplayName} plan is no longer offered; pick another.");
        }

        if (tier.Id == S.TierId)
        {
            throw DeepSyncException.Validation($"You are on the {tier.DisplayName} plan already.");
        }

        await CommitAsync(AuditEntries.Create(
            _clock.GetUtcNow(), AuditAction.UpgradeRequested, actor, null, UserId, ("from", S.TierId), ("to", tier.Id), ("email", S.Email)));
    }
}

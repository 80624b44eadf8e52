using Microsoft.Extensions.DependencyInjection;
using DeepSync.Errors;
using DeepSync.Governance;
using Microsoft.Extensions.Logging;

namespace DeepSync.Billing;

/// <summary>The tier catalog. Reads interleave; edits are operator-only and audited.</summary>
public sealed class TierCatalogGrain : Grain, ITierCatalogGrain
{
    private readonly IPersistentState<TierCatalogState> _state;
    private readonly IAuditLedger _ledger;
    private readonly ISubscriptionDirectory _subscriptions;
    private readonly TimeProvider _clock;
    private readonly PublishRetry _publisher;

    public TierCatalogGrain(
        [PersistentState(StorageNames.TierCatalog, StorageNames.Provider)] IPersistentState<TierCatalogState> state,
        IAuditLedger ledger,
        ISubscriptionDirectory subscriptions,
        [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
        ILogger<TierCatalogGrain> logger)
    {
        _state = state;
        _ledger = ledger;
        _subscriptions = subscriptions;
        _clock = clock;
        _publisher = new PublishRetry(this, logger, PublishAsync);
    }

    private TierCatalogState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Seeded)
        {
            S.Tiers = TierRules.Seed.ToList();
            S.Seeded = true;
            await _state.WriteStateAsync(cancellationToken);
        }

        if (S.PendingAudit.Count > 0)
        {
            await _publisher.TryAsync();
        }
    }

    public Task<IReadOnlyList<TierDefinition>> List(bool includeArchived) =>
        Task.FromResult<IReadOnlyList<TierDefinition>>(S.Tiers.Where(t => includeArchived || !t.Archived).ToList());

    public Task<TierDefinition> Get(string tierId) => Task.FromResult(Find(tierId));

    public async Task<TierDefinition> Create(Actor actor, TierDefinition tier)
    {
        EnsureOperator(actor);
        var validated = TierRules.Validate(tier) with { Archived = false };
        if (S.Tiers.Any(t => t.Id == validated.Id))
        {
            throw new DeepSyncException(DeepSyncError.Conflict, $"A tier with id '{validated.Id}' already exists.");
        }

        S.Tiers.Add(validated);
        await CommitAsync(Audit(AuditAction.TierCreated, actor, validated));
        return validated;
    }

    public async Task<TierDefinition> Update(Actor actor, TierDefinition tier)
    {
        EnsureOperator(actor);
        var current = Find(tier?.Id ?? string.Empty);
        var validated = TierRules.Validate(tier) with { Archived = current.Archived };
        Replace(validated);
        await CommitAsync(Audit(AuditAction.TierUpdated, actor, validated));
        return validated;
    }

    public async Task<TierDefinition> Archive(Actor actor, string tierId)
    {
        EnsureOperator(actor);
        var current = Find(tierId);
        if (current.Id == WellKnownTiers.Default)
        {
            throw new DeepSyncException(DeepSyncError.Conflict, "The tier new users start on cannot be archived.");
        }

        if (current.Archived)
        {
            return current;
        }

        var archived = current with { Archived = true };
        Replace(archived);
        await CommitAsync(Audit(AuditAction.TierArchived, actor, archived));
        return archived;
    }

    public async Task<TierDefinition> Reactivate(Actor actor, string tierId)
    {
        EnsureOperator(actor);
        var current = Find(tierId);
        if (!current.Archived)
        {
            return current;
        }

        var active = current with { Archived = false };
        Replace(active);
        await CommitAsync(Audit(AuditAction.TierReactivated, actor, active));
        return active;
    }

    public async Task Delete(Actor actor, string tierId)
    {
        EnsureOperator(actor);
        var current = Find(tierId);
        if (current.Id == WellKnownTiers.Default)
        {
            throw new DeepSyncException(DeepSyncError.TierInUse, "The tier new users start on cannot be deleted.");
        }

        var users = await _subscriptions.CountOnTierAsync(current.Id);
        if (users > 0)
        {
            throw new DeepSyncException(DeepSyncError.TierInUse, $"Tier '{current.Id}' is used by {users} subscription(s); archive it instead.");
        }

        S.Tiers.Remove(current);
        await CommitAsync(Audit(AuditAction.TierDeleted, actor, current));
    }

    private TierDefinition Find(string tierId) =>
        S.Tiers.FirstOrDefault(t => t.Id == tierId)
        ?? throw new DeepSyncException(DeepSyncError.TierNotFound, $"There is no tier '{tierId}'.");

    private void Replace(TierDefinition tier)
    {
        var index = S.Tiers.FindIndex(t => t.Id == tier.Id);
        S.Tiers[index] = tier;
    }

    private static void EnsureOperator(Actor actor)
    {
        if (!actor.IsOperator)
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Only an operator can edit tiers.");
        }
    }

    private AuditEntry Audit(string action, Actor actor, TierDefinition tier) => AuditEntries.Create(
        _clock.GetUtcNow(),
        action,
        actor,
        null,
        null,
        ("tier", tier.Id),
        ("display_name", tier.DisplayName),
        ("monthly_price_cents", tier.MonthlyPriceCents?.ToString() ?? "custom"),
        ("node_limit", tier.NodeLimit?.ToString() ?? "unlimited"),
        ("voice_minutes", tier.VoiceMinutesPerPeriod?.ToString() ?? "unlimited"));

    private async Task CommitAsync(AuditEntry entry)
    {
        S.PendingAudit.Add(entry);
        await _state.WriteStateAsync();
        await _publisher.TryAsync();
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        await _ledger.FlushAsync(S.PendingAudit, cancellationToken);
    }
}

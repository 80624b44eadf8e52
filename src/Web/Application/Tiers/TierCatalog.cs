using DeepSync.Billing;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Tiers;

/// <summary>The tier catalog: the active tiers are public (the landing page shows them); changes are for operators, audited by the catalog grain.</summary>
public sealed class TierCatalog(IGrainFactory grains)
{
    private ITierCatalogGrain Catalog => grains.GetGrain<ITierCatalogGrain>(ITierCatalogGrain.Key);

    /// <summary>The tiers anyone may choose from, with their prices and limits.</summary>
    public Task<IReadOnlyList<TierDefinition>> ActiveAsync() => Catalog.List(includeArchived: false);

    /// <summary>Every tier, archived ones included (operators only).</summary>
    public Task<IReadOnlyList<TierDefinition>> AllAsync(Actor actor)
    {
        Access.RequireOperator(actor);
        return Catalog.List(includeArchived: true);
    }

    public Task<TierDefinition> CreateAsync(Actor actor, TierDefinition tier) => Catalog.Create(actor, tier);

    public Task<TierDefinition> UpdateAsync(Actor actor, TierDefinition tier) => Catalog.Update(actor, tier);

    public Task<TierDefinition> ArchiveAsync(Actor actor, string tierId) => Catalog.Archive(actor, tierId);

    public Task<TierDefinition> ReactivateAsync(Actor actor, string tierId) => Catalog.Reactivate(actor, tierId);

    /// <summary>A tier's name for people (its id when the catalog no longer knows it).</summary>
    public static string NameOf(IReadOnlyList<TierDefinition> tiers, string tierId) => tiers.FirstOrDefault(t => t.Id == tierId)?.DisplayName ?? tierId;
}

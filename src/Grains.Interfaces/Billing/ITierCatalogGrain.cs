using DeepSync.Governance;
using Orleans.Concurrency;

namespace DeepSync.Billing;

/// <summary>
/// The single catalog of tiers (key <see cref="Key"/>), seeded with Scout, Command and Enterprise.
/// Operators create, edit, archive and reactivate tiers; a tier still assigned to any subscription
/// can be archived but never deleted.
/// </summary>
[Alias("DeepSync.Billing.ITierCatalogGrain")]
public interface ITierCatalogGrain : IGrainWithStringKey
{
    /// <summary>The one key this grain lives under.</summary>
    public const string Key = "catalog";

    /// <summary>All tiers, archived ones included when asked.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<TierDefinition>> List(bool includeArchived);

    /// <summary>One tier; <c>TierNotFound</c> when unknown.</summary>
    [Alias("Get"), ReadOnly]
    Task<TierDefinition> Get(string tierId);

    /// <summary>Adds a tier (operators only). The id must be new, lowercase snake_case.</summary>
    [Alias("Create")]
    Task<TierDefinition> Create(Actor actor, TierDefinition tier);

    /// <summary>Replaces a tier's definition (operators only). Its id and archived flag are kept.</summary>
    [Alias("Update")]
    Task<TierDefinition> Update(Actor actor, TierDefinition tier);

    /// <summary>Hides a tier from new assignments (operators only); current subscribers keep it.</summary>
    [Alias("Archive")]
    Task<TierDefinition> Archive(Actor actor, string tierId);

    /// <summary>Makes an archived tier assignable again (operators only).</summary>
    [Alias("Reactivate")]
    Task<TierDefinition> Reactivate(Actor actor, string tierId);

    /// <summary>Removes a tier nobody uses (operators only); <c>TierInUse</c> otherwise.</summary>
    [Alias("Delete")]
    Task Delete(Actor actor, string tierId);
}

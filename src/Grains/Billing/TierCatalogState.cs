using DeepSync.Governance;

namespace DeepSync.Billing;

/// <summary>The persisted state of the <see cref="TierCatalogGrain"/>.</summary>
[GenerateSerializer]
[Alias("DeepSync.Billing.TierCatalogState")]
public sealed class TierCatalogState
{
    [Id(0)] public bool Seeded { get; set; }
    [Id(1)] public List<TierDefinition> Tiers { get; set; } = [];
    [Id(2)] public List<AuditEntry> PendingAudit { get; set; } = [];
}

using DeepSync.Governance;

namespace DeepSync.Billing;

/// <summary>The persisted state of a <see cref="SubscriptionGrain"/>.</summary>
[GenerateSerializer]
[Alias("DeepSync.Billing.SubscriptionState")]
public sealed class SubscriptionState
{
    [Id(0)] public bool Initialized { get; set; }
    [Id(1)] public string Email { get; set; } = string.Empty;
    [Id(2)] public string TierId { get; set; } = WellKnownTiers.Default;
    [Id(3)] public BillingStatus Status { get; set; }

    /// <summary>The instant monthly periods are counted from (sign-up) while no billing provider sets them.</summary>
    [Id(4)] public DateTimeOffset PeriodAnchor { get; set; }
    [Id(5)] public DateTimeOffset PeriodStart { get; set; }
    [Id(6)] public DateTimeOffset PeriodEnd { get; set; }

    /// <summary>Set once billing manages the period; then periods roll over on paid invoices instead of lazily.</summary>
    [Id(7)] public string? StripeSubscriptionId { get; set; }
    [Id(8)] public string? StripeCustomerId { get; set; }

    /// <summary>Every node that is not deleted, oldest first. These count toward the tier's limit.</summary>
    [Id(9)] public List<SubscriptionNode> Nodes { get; set; } = [];

    [Id(10)] public Dictionary<Guid, long> UsedSecondsByNode { get; set; } = [];
    [Id(11)] public int GrantedMinutes { get; set; }

    /// <summary>Node-creation request ids already served, so a retried request creates nothing new.</summary>
    [Id(12)] public Dictionary<string, Guid> CreateRequests { get; set; } = [];
    [Id(13)] public List<AuditEntry> PendingAudit { get; set; } = [];
    [Id(14)] public long Version { get; set; }
    [Id(15)] public long PublishedVersion { get; set; }

    /// <summary>Strikes of the last 24 hours across the user's nodes.</summary>
    [Id(16)] public List<StrikeRecord> RecentStrikes { get; set; } = [];
}

/// <summary>A node as its subscription counts it.</summary>
[GenerateSerializer]
[Alias("DeepSync.Billing.SubscriptionNode")]
public sealed record SubscriptionNode([property: Id(0)] Guid NodeId, [property: Id(1)] DateTimeOffset CreatedAt);

namespace DeepSync.Billing;

/// <summary>The row a subscription keeps in the operators' directory.</summary>
public sealed record SubscriptionDirectoryEntry(
    Guid UserId,
    string Email,
    string TierId,
    BillingStatus Status,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int NodeCount,
    long Version);

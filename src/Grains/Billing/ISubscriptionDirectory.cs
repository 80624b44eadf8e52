namespace DeepSync.Billing;

/// <summary>A queryable copy of every subscription's headline state, kept in step by the subscription grains.</summary>
public interface ISubscriptionDirectory
{
    /// <summary>Stores the entry unless a newer version is already stored.</summary>
    Task UpsertAsync(SubscriptionDirectoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>How many subscriptions are on the tier.</summary>
    Task<long> CountOnTierAsync(string tierId, CancellationToken cancellationToken = default);
}

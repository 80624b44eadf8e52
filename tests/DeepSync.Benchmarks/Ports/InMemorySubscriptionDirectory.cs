using System.Collections.Concurrent;
using DeepSync.Billing;

namespace DeepSync.Benchmarks.Ports;

/// <summary>One row per subscription, replaced only by a newer version.</summary>
public sealed class InMemorySubscriptionDirectory : ISubscriptionDirectory
{
    private readonly ConcurrentDictionary<Guid, SubscriptionDirectoryEntry> _rows = new();

    public Task UpsertAsync(SubscriptionDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        _rows.AddOrUpdate(entry.UserId, entry, (_, stored) => entry.Version > stored.Version ? entry : stored);
        return Task.CompletedTask;
    }

    public Task<long> CountOnTierAsync(string tierId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rows.Values.LongCount(row => row.TierId == tierId));
}

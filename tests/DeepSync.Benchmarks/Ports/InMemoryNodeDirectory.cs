using System.Collections.Concurrent;
using DeepSync.Fleet;

namespace DeepSync.Benchmarks.Ports;

/// <summary>
/// One row per node; an upsert replaces the row only with a newer version, as the port promises.
/// Re-publishing an unchanged version (what an activating node does) therefore retains nothing new.
/// </summary>
public sealed class InMemoryNodeDirectory : INodeDirectory
{
    private readonly ConcurrentDictionary<Guid, NodeDirectoryEntry> _rows = new();
    private long _upsertCalls;

    /// <summary>How many times <see cref="UpsertAsync"/> was called.</summary>
    public long UpsertCalls => Interlocked.Read(ref _upsertCalls);

    public Task UpsertAsync(NodeDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _upsertCalls);
        _rows.AddOrUpdate(entry.NodeId, entry, (_, stored) => entry.Version > stored.Version ? entry : stored);
        return Task.CompletedTask;
    }
}

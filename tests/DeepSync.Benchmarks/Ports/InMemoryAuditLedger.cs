using System.Collections.Concurrent;
using DeepSync.Governance;

namespace DeepSync.Benchmarks.Ports;

/// <summary>
/// Keeps ledger entries by <see cref="AuditEntry.EntryId"/>, honouring the port's contract that a
/// repeated entry is a no-op. That matters for the memory figure: node grains re-publish their pending
/// entries when they activate, and an append-only bag would grow during the measured phase and be
/// counted as node-grain memory.
/// </summary>
public sealed class InMemoryAuditLedger : IAuditLedger
{
    private readonly ConcurrentDictionary<Guid, AuditEntry> _entries = new();
    private long _appendCalls;
    private long _repeatedEntries;

    /// <summary>How many times <see cref="AppendAsync"/> was called.</summary>
    public long AppendCalls => Interlocked.Read(ref _appendCalls);

    /// <summary>Entries that were already recorded when they arrived (re-sent by a writer).</summary>
    public long RepeatedEntries => Interlocked.Read(ref _repeatedEntries);

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        foreach (var entry in entries)
        {
            if (!_entries.TryAdd(entry.EntryId, entry))
            {
                Interlocked.Increment(ref _repeatedEntries);
            }
        }

        return Task.CompletedTask;
    }
}

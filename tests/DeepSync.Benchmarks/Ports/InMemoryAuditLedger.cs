using System.Collections.Concurrent;
using System.Diagnostics;
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
    private readonly ConcurrentDictionary<(Guid NodeId, string Action), long> _firstArrival = new();
    private long _appendCalls;
    private long _repeatedEntries;

    /// <summary>How many times <see cref="AppendAsync"/> was called.</summary>
    public long AppendCalls => Interlocked.Read(ref _appendCalls);

    /// <summary>Entries that were already recorded when they arrived (re-sent by a writer).</summary>
    public long RepeatedEntries => Interlocked.Read(ref _repeatedEntries);

    /// <summary>
    /// When the first entry of <paramref name="action"/> for a node reached the ledger
    /// (<see cref="Stopwatch.GetTimestamp"/>), if it has.
    /// </summary>
    public long? FirstArrival(Guid nodeId, string action) => _firstArrival.TryGetValue((nodeId, action), out var at) ? at : null;

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        foreach (var entry in entries)
        {
            if (!_entries.TryAdd(entry.EntryId, entry))
            {
                Interlocked.Increment(ref _repeatedEntries);
            }
            else if (entry.NodeId is { } nodeId)
            {
                _firstArrival.TryAdd((nodeId, entry.Action), Stopwatch.GetTimestamp());
            }
        }

        return Task.CompletedTask;
    }
}

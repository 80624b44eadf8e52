using System.Collections.Concurrent;
using DeepSync.Agents;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Hosting;

namespace DeepSync.Tests.Support;

/// <summary>A ledger in memory that, like the real one, records each entry id once; it can be switched off to simulate an outage.</summary>
public sealed class InMemoryAuditLedger : IAuditLedger
{
    private readonly ConcurrentDictionary<Guid, AuditEntry> _entries = new();

    public bool Available { get; set; } = true;

    public IReadOnlyList<AuditEntry> Entries => _entries.Values.OrderBy(e => e.At).ToList();

    public IReadOnlyList<AuditEntry> ForNode(Guid nodeId) => Entries.Where(e => e.NodeId == nodeId).ToList();

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (!Available)
        {
            throw new InvalidOperationException("ledger unavailable (simulated outage)");
        }

        foreach (var entry in entries)
        {
            _entries.TryAdd(entry.EntryId, entry);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Node directory in memory with the same newer-version-wins rule as the table.</summary>
public sealed class InMemoryNodeDirectory : INodeDirectory
{
    private readonly ConcurrentDictionary<Guid, NodeDirectoryEntry> _rows = new();

    public NodeDirectoryEntry? Find(Guid nodeId) => _rows.GetValueOrDefault(nodeId);

    public Task UpsertAsync(NodeDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        _rows.AddOrUpdate(entry.NodeId, entry, (_, old) => old.Version < entry.Version ? entry : old);
        return Task.CompletedTask;
    }
}

/// <summary>Subscription directory in memory.</summary>
public sealed class InMemorySubscriptionDirectory : ISubscriptionDirectory
{
    private readonly ConcurrentDictionary<Guid, SubscriptionDirectoryEntry> _rows = new();

    public Task UpsertAsync(SubscriptionDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        _rows.AddOrUpdate(entry.UserId, entry, (_, old) => old.Version < entry.Version ? entry : old);
        return Task.CompletedTask;
    }

    public Task<long> CountOnTierAsync(string tierId, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)_rows.Values.Count(r => r.TierId == tierId));
}

/// <summary>A node host that records what it was asked to do.</summary>
public sealed class RecordingNodeHost : INodeHost
{
    public ConcurrentQueue<(Guid NodeId, string Action)> Calls { get; } = new();

    public Task StartAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((nodeId, "start"));
        return Task.CompletedTask;
    }

    public Task StopAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((nodeId, "stop"));
        return Task.CompletedTask;
    }
}

/// <summary>An agent runtime that records every turn that reached it, with the time it arrived.</summary>
public sealed class RecordingAgentRuntime : IAgentRuntime
{
    public ConcurrentQueue<(AgentTurn Turn, long ArrivedTicks)> Turns { get; } = new();

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public async Task<string> ReplyAsync(AgentTurn turn, CancellationToken cancellationToken = default)
    {
        Turns.Enqueue((turn, System.Diagnostics.Stopwatch.GetTimestamp()));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return $"echo: {turn.Text}";
    }
}

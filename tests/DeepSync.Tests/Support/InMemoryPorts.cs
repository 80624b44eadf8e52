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

/// <summary>
/// A node host that behaves like a container platform: deployments progress through phases one status
/// read at a time, stops are confirmed on a later read, and faults can be injected.
/// </summary>
public sealed class FakeNodeHost : INodeHost
{
    private readonly ConcurrentDictionary<string, Queue<DeploymentPhase>> _progress = new();
    private readonly ConcurrentDictionary<string, DeploymentPhase> _phase = new();
    private readonly ConcurrentDictionary<string, string> _services = new();

    public string Name => "fake";

    /// <summary>Every call, in order: (operation, argument).</summary>
    public ConcurrentQueue<(string Operation, string Argument, long AtTicks)> Calls { get; } = new();

    /// <summary>Phases a new deployment reports before it runs.</summary>
    public DeploymentPhase[] RolloutPhases { get; set; } = [DeploymentPhase.Building, DeploymentPhase.Deploying];

    /// <summary>How many stop requests fail before one is accepted.</summary>
    public int FailingStops { get; set; }

    /// <summary>Status reads after an accepted stop before the deployment reports stopped.</summary>
    public int StopConfirmationReads { get; set; } = 1;

    /// <summary>When set, new deployments fail with this message.</summary>
    public string? FailDeploymentsWith { get; set; }

    /// <summary>Transient failures to throw from the next operations.</summary>
    public int TransientFailures { get; set; }

    /// <summary>The variables last set per service.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Variables { get; } = new();

    public Task<string> CreateServiceAsync(Guid nodeId, string serviceName, CancellationToken cancellationToken = default)
    {
        Record("create_service", serviceName);
        return Task.FromResult(_services.GetOrAdd(serviceName, _ => $"svc-{serviceName}"));
    }

    public Task SetVariablesAsync(string serviceId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        Record("set_variables", serviceId);
        Variables[serviceId] = new Dictionary<string, string>(variables);
        return Task.CompletedTask;
    }

    /// <summary>How long a deploy call takes to answer (the deployment exists from its start).</summary>
    public TimeSpan DeployDelay { get; set; } = TimeSpan.Zero;

    public async Task<string> DeployAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        Record("deploy", serviceId);
        var id = $"dep-{Guid.NewGuid():N}";
        Deployments[serviceId] = id;
        if (DeployDelay > TimeSpan.Zero)
        {
            await Task.Delay(DeployDelay, CancellationToken.None);
        }

        var phases = new Queue<DeploymentPhase>([DeploymentPhase.Pending, .. RolloutPhases]);
        phases.Enqueue(FailDeploymentsWith is null ? DeploymentPhase.Running : DeploymentPhase.Failed);
        _progress.TryAdd(id, phases);
        return id;
    }

    /// <summary>The last deployment created per service.</summary>
    public ConcurrentDictionary<string, string> Deployments { get; } = new();

    public Task<DeploymentStatus> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        Record("status", deploymentId);
        var queue = _progress.GetOrAdd(deploymentId, _ => new Queue<DeploymentPhase>([DeploymentPhase.Running]));
        DeploymentPhase phase;
        lock (queue)
        {
            phase = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        }

        _phase[deploymentId] = phase;
        var status = phase switch
        {
            DeploymentPhase.Pending => "QUEUED",
            DeploymentPhase.Building => "BUILDING",
            DeploymentPhase.Deploying => "DEPLOYING",
            DeploymentPhase.Running => "SUCCESS",
            DeploymentPhase.Sleeping => "SLEEPING",
            DeploymentPhase.Stopped => "REMOVED",
            _ => "FAILED",
        };
        return Task.FromResult(new DeploymentStatus(phase, status, phase == DeploymentPhase.Failed ? FailDeploymentsWith : null));
    }

    public Task StopDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        if (FailingStops > 0)
        {
            FailingStops--;
            Record("stop_failed", deploymentId);
            throw new NodeHostException("The platform answered 500 to deploymentStop.", transient: true);
        }

        Record("stop", deploymentId);
        var phases = new Queue<DeploymentPhase>(Enumerable.Repeat(DeploymentPhase.Running, StopConfirmationReads));
        phases.Enqueue(DeploymentPhase.Stopped);
        _progress[deploymentId] = phases;
        return Task.CompletedTask;
    }

    public Task SetReplicasAsync(string serviceId, int replicas, CancellationToken cancellationToken = default)
    {
        Record("replicas", $"{serviceId}={replicas}");
        return Task.CompletedTask;
    }

    public Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        Record("delete_service", serviceId);
        return Task.CompletedTask;
    }

    public IEnumerable<string> OperationsOn(string argument) => Calls.Where(c => c.Argument.StartsWith(argument, StringComparison.Ordinal)).Select(c => c.Operation);

    private void Record(string operation, string argument)
    {
        if (TransientFailures > 0)
        {
            TransientFailures--;
            Calls.Enqueue(($"{operation}_transient_failure", argument, System.Diagnostics.Stopwatch.GetTimestamp()));
            throw new NodeHostException("The platform answered 503.", transient: true);
        }

        Calls.Enqueue((operation, argument, System.Diagnostics.Stopwatch.GetTimestamp()));
    }
}

/// <summary>An agent runtime that records every message that reached it, with the time it arrived, and streams an echo.</summary>
public sealed class RecordingAgentRuntime : IAgentRuntime
{
    public string Name => "recording";

    public ConcurrentQueue<(AgentMessage Message, long ArrivedTicks)> Messages { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    /// <summary>Delay between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How many chunks a reply has ("echo:" then the words).</summary>
    public int ExtraChunks { get; set; }

    /// <summary>Chunks the runtime produced after a run was cancelled (must stay 0 for the node to be safe).</summary>
    public int ChunksAfterCancel;

    public Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default) =>
        Task.FromResult(spec.ExistingAgentId ?? $"agent-{spec.NodeId:N}");

    public Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(existingConversationId ?? $"{agentId}/{channel}");

    /// <summary>While true the runtime is unreachable: every send fails as a transient error.</summary>
    public bool Offline { get; set; }

    /// <summary>When set, the reply's first chunk (instead of the echo); may throw to fail the run. Null means echo.</summary>
    public Func<AgentMessage, string?>? Answer { get; set; }

    /// <summary>Sends refused while <see cref="Offline"/> was set.</summary>
    public int RefusedWhileOffline;

    public async IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Offline)
        {
            Interlocked.Increment(ref RefusedWhileOffline);
            throw new AgentRuntimeException("connection refused", transient: true);
        }

        Messages.Enqueue((message, System.Diagnostics.Stopwatch.GetTimestamp()));
        yield return new AssistantTextDelta(Answer?.Invoke(message) ?? $"echo: {message.Text}");
        for (var i = 0; i < ExtraChunks; i++)
        {
            if (ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChunkDelay, CancellationToken.None);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            yield return new AssistantTextDelta($" +{i}");
        }

        yield return new StopEvent("end_turn");
    }

    public Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default)
    {
        Cancelled.Enqueue(conversationId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MemoryBlock>>([]);

    public Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default) =>
        Task.FromResult(new MemoryBlock(label, value, null, null));

    public Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArchivalPassage>>([]);

    public Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ArchivalPassage(Guid.NewGuid().ToString(), text, tags, DateTimeOffset.UtcNow));

    public Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>Node credentials in memory, with the same issue/rotate/revoke/verify behaviour as the table.</summary>
public sealed class InMemoryNodeCredentials : INodeCredentials
{
    private readonly ConcurrentDictionary<Guid, (string Secret, bool Revoked)> _secrets = new();

    public Task<string> IssueAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        var secret = $"dsn_{Guid.NewGuid():N}";
        _secrets[nodeId] = (secret, false);
        return Task.FromResult(secret);
    }

    public Task RevokeAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        if (_secrets.TryGetValue(nodeId, out var current))
        {
            _secrets[nodeId] = current with { Revoked = true };
        }

        return Task.CompletedTask;
    }

    public Task<bool> VerifyAsync(Guid nodeId, string secret, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryGetValue(nodeId, out var current) && !current.Revoked && current.Secret == secret);
}

/// <summary>Transcripts in memory, with the table's once-per-(node, key, role) rule and paging.</summary>
public sealed class InMemoryTranscriptStore : DeepSync.Conversations.ITranscriptStore
{
    private readonly List<DeepSync.Conversations.TranscriptEntry> _rows = [];
    private long _sequence;

    /// <summary>While false, appends fail like a database that went away.</summary>
    public bool Available { get; set; } = true;

    /// <summary>Lines matching this are refused for good, like text PostgreSQL cannot store.</summary>
    public Func<DeepSync.Conversations.TranscriptEntry, bool>? RejectWhen { get; set; }

    public Task AppendAsync(IReadOnlyList<DeepSync.Conversations.TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        if (!Available)
        {
            throw new InvalidOperationException("transcript store unavailable (simulated outage)");
        }

        if (RejectWhen is { } reject && entries.Any(reject))
        {
            throw new DeepSync.Conversations.TranscriptRejectedException("rejected for good (simulated)");
        }

        lock (_rows)
        {
            foreach (var entry in entries)
            {
                if (!_rows.Any(r => r.NodeId == entry.NodeId && r.IdempotencyKey == entry.IdempotencyKey && r.Role == entry.Role))
                {
                    _rows.Add(entry with { Sequence = ++_sequence });
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<DeepSync.Conversations.TranscriptEntry?> FindReplyAsync(Guid nodeId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            return Task.FromResult(_rows.FirstOrDefault(r => r.NodeId == nodeId && r.IdempotencyKey == idempotencyKey && r.Role == DeepSync.Conversations.TranscriptRole.Assistant));
        }
    }

    public Task<DeepSync.Conversations.TranscriptPage> PageAsync(Guid nodeId, string? channel, long? before, int limit, CancellationToken cancellationToken = default)
    {
        lock (_rows)
        {
            var matching = _rows.Where(r => r.NodeId == nodeId && (channel is null || r.Channel == channel) && (before is null || r.Sequence < before))
                .OrderByDescending(r => r.Sequence).Take(limit + 1).ToList();
            var page = matching.Take(limit).Reverse().ToList();
            return Task.FromResult(new DeepSync.Conversations.TranscriptPage(page, matching.Count > limit ? page[0].Sequence : null));
        }
    }
}

/// <summary>Archival provenance in memory.</summary>
public sealed class InMemoryProvenanceStore : DeepSync.Memory.IProvenanceStore
{
    private readonly ConcurrentDictionary<(Guid, string), DeepSync.Memory.Provenance> _rows = new();

    public Task RecordAsync(Guid nodeId, string passageId, DeepSync.Memory.Provenance provenance, CancellationToken cancellationToken = default)
    {
        _rows.TryAdd((nodeId, passageId), provenance);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, DeepSync.Memory.Provenance>> FindAsync(Guid nodeId, IReadOnlyCollection<string> passageIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, DeepSync.Memory.Provenance>>(
            passageIds.Where(id => _rows.ContainsKey((nodeId, id))).ToDictionary(id => id, id => _rows[(nodeId, id)]));
}

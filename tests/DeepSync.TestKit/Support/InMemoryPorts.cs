using System.Collections.Concurrent;
using DeepSync.Agents;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Hosting;

namespace DeepSync.Tests.Support;

/// <summary>
/// A ledger in memory that, like the real one, records each entry id once (so a re-sent entry retains
/// nothing new, which keeps the benchmarks' memory figures honest); it can be switched off to simulate
/// an outage, and counts what reached it.
/// </summary>
public sealed class InMemoryAuditLedger : IAuditLedger
{
    private readonly ConcurrentDictionary<Guid, AuditEntry> _entries = new();
    private readonly ConcurrentDictionary<(Guid NodeId, string Action), long> _firstArrival = new();
    private long _appendCalls;
    private long _repeatedEntries;

    public bool Available { get; set; } = true;

    public IReadOnlyList<AuditEntry> Entries => _entries.Values.OrderBy(e => e.At).ToList();

    /// <summary>How many times <see cref="AppendAsync"/> was called.</summary>
    public long AppendCalls => Interlocked.Read(ref _appendCalls);

    /// <summary>Entries that were already recorded when they arrived again (re-sent by a writer).</summary>
    public long RepeatedEntries => Interlocked.Read(ref _repeatedEntries);

    public IReadOnlyList<AuditEntry> ForNode(Guid nodeId) => Entries.Where(e => e.NodeId == nodeId).ToList();

    /// <summary>When the first entry of <paramref name="action"/> for a node arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), if it has.</summary>
    public long? FirstArrival(Guid nodeId, string action) => _firstArrival.TryGetValue((nodeId, action), out var at) ? at : null;

    public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appendCalls);
        if (!Available)
        {
            throw new InvalidOperationException("ledger unavailable (simulated outage)");
        }

        foreach (var entry in entries)
        {
            if (!_entries.TryAdd(entry.EntryId, entry))
            {
                Interlocked.Increment(ref _repeatedEntries);
            }
            else if (entry.NodeId is { } nodeId)
            {
                _firstArrival.TryAdd((nodeId, entry.Action), System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Node directory in memory with the same newer-version-wins rule as the table.</summary>
public sealed class InMemoryNodeDirectory : INodeDirectory
{
    private readonly ConcurrentDictionary<Guid, NodeDirectoryEntry> _rows = new();
    private long _upsertCalls;

    /// <summary>How many times <see cref="UpsertAsync"/> was called.</summary>
    public long UpsertCalls => Interlocked.Read(ref _upsertCalls);

    public NodeDirectoryEntry? Find(Guid nodeId) => _rows.GetValueOrDefault(nodeId);

    public Task UpsertAsync(NodeDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _upsertCalls);
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

    private readonly ConcurrentDictionary<string, int> _failingStopsOf = new();

    /// <summary>Makes the next <paramref name="count"/> stop requests of this one deployment fail (other nodes are unaffected).</summary>
    public void FailStops(string deploymentId, int count) => _failingStopsOf[deploymentId] = count;

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
        var failHere = _failingStopsOf.TryGetValue(deploymentId, out var left) && left > 0;
        if (failHere)
        {
            _failingStopsOf[deploymentId] = left - 1;
        }

        if (failHere || FailingStops > 0)
        {
            if (!failHere)
            {
                FailingStops--;
            }

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

/// <summary>
/// A one-way gate a test opens when it chooses: code that passes it signals <see cref="Entered"/> and
/// waits for <see cref="Open"/>, so a test knows exactly where the code under test is paused.
/// </summary>
public sealed class Latch
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the code under test first reaches the latch.</summary>
    public Task Entered => _entered.Task;

    public bool IsOpen => _open.Task.IsCompleted;

    public void Open() => _open.TrySetResult();

    public async Task PassAsync()
    {
        _entered.TrySetResult();
        await _open.Task;
    }
}

/// <summary>
/// Lets a test hand out a stream's chunks one permit at a time. Every chunk of a gated stream (the
/// first included) waits for a permit; waiting honours the run's cancellation token, the way reading
/// an HTTP stream does.
/// </summary>
public sealed class StreamGate
{
    private readonly SemaphoreSlim _permits = new(0);
    private volatile bool _finished;

    public bool Finished => _finished;

    /// <summary>
    /// When true the stream hands over chunks it already holds without looking at the token, as a
    /// buffered HTTP response does: only the caller stopping to read ends it.
    /// </summary>
    public bool IgnoresCancellation { get; set; }

    /// <summary>Lets <paramref name="chunks"/> more chunks through.</summary>
    public void Release(int chunks) => _permits.Release(chunks);

    /// <summary>Ends every stream waiting at (or later reaching) the gate with an end-of-turn.</summary>
    public void Finish()
    {
        _finished = true;
        _permits.Release(1_000);
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _permits.WaitAsync(IgnoresCancellation ? CancellationToken.None : cancellationToken);
}

/// <summary>What the runtime saw of one streamed run: when it started, was cancelled and ended, and every chunk it handed over.</summary>
public sealed class RuntimeStream(string agentId, string conversationId, string idempotencyKey)
{
    public string AgentId { get; } = agentId;

    public string ConversationId { get; } = conversationId;

    public string IdempotencyKey { get; } = idempotencyKey;

    public long StartedTicks { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>When the caller's cancellation token fired (null: never).</summary>
    public long? TokenCancelledTicks { get; set; }

    /// <summary>When the runtime was asked to cancel the run on its side (null: never).</summary>
    public long? RuntimeCancelledTicks { get; set; }

    /// <summary>When the caller stopped reading and the stream was disposed (null: still open).</summary>
    public long? EndedTicks { get; set; }

    /// <summary>Every chunk handed to the caller, with the time it was handed over.</summary>
    public ConcurrentQueue<(string Text, long Ticks)> Chunks { get; } = new();

    /// <summary>Chunks handed over after the run was cancelled (by token or on the runtime's side).</summary>
    public int ChunksAfterCancel;

    public bool Cancelled => TokenCancelledTicks is not null || RuntimeCancelledTicks is not null;

    /// <summary>The reply text the caller had been given by <paramref name="ticks"/>.</summary>
    public string TextHandedOverBy(long ticks) => string.Concat(Chunks.Where(c => c.Ticks <= ticks).Select(c => c.Text));
}

/// <summary>An agent runtime that records every message that reached it, with the time it arrived, and streams an echo.</summary>
public sealed class RecordingAgentRuntime : IAgentRuntime
{
    private readonly ConcurrentDictionary<string, Latch> _conversationLatches = new();
    private readonly ConcurrentDictionary<string, StreamGate> _streamGates = new();

    public string Name => "recording";

    public ConcurrentQueue<(AgentMessage Message, long ArrivedTicks)> Messages { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    /// <summary>Every run streamed, in the order they started.</summary>
    public ConcurrentQueue<RuntimeStream> Streams { get; } = new();

    /// <summary>Delay between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How many chunks a reply has ("echo:" then the words).</summary>
    public int ExtraChunks { get; set; }

    /// <summary>
    /// Chunks the runtime handed over after a run was cancelled, by the caller's token or on the runtime's
    /// side (must stay 0 for the node to be safe). Like a real runtime, this one keeps streaming after a
    /// cancel request of its own side; only the caller cutting its stream stops the chunks.
    /// </summary>
    public int ChunksAfterCancel;

    /// <summary>Conversations looked up or opened, as (agent, channel): a runtime call even before any message is sent.</summary>
    public ConcurrentQueue<(string AgentId, string Channel)> ConversationRequests { get; } = new();

    /// <summary>The streams (usually one) of this agent's message with this idempotency key.</summary>
    public IReadOnlyList<RuntimeStream> StreamsOf(string agentId, string idempotencyKey) =>
        Streams.Where(s => s.AgentId == agentId && s.IdempotencyKey == idempotencyKey).ToList();

    /// <summary>Messages for this agent that reached the runtime.</summary>
    public IReadOnlyList<AgentMessage> MessagesTo(string agentId) => Messages.Where(m => m.Message.AgentId == agentId).Select(m => m.Message).ToList();

    /// <summary>Holds the next conversation look-up of this agent at a latch.</summary>
    public Latch HoldConversation(string agentId)
    {
        var latch = new Latch();
        _conversationLatches[agentId] = latch;
        return latch;
    }

    /// <summary>From now on, every chunk streamed to this agent's callers waits for a permit of the returned gate.</summary>
    public StreamGate GateStreams(string agentId) => _streamGates.GetOrAdd(agentId, _ => new StreamGate());

    public Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default) =>
        Task.FromResult(spec.ExistingAgentId ?? $"agent-{spec.NodeId:N}");

    public async Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default)
    {
        ConversationRequests.Enqueue((agentId, channel));
        if (_conversationLatches.TryRemove(agentId, out var latch))
        {
            await latch.PassAsync();
        }

        return existingConversationId ?? $"{agentId}/{channel}";
    }

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
        var stream = new RuntimeStream(message.AgentId, message.ConversationId, message.IdempotencyKey);
        Streams.Enqueue(stream);
        using var registration = cancellationToken.Register(() => stream.TokenCancelledTicks ??= System.Diagnostics.Stopwatch.GetTimestamp());
        try
        {
            if (_streamGates.TryGetValue(message.AgentId, out var gate))
            {
                for (var i = 0; ; i++)
                {
                    await gate.WaitAsync(cancellationToken);
                    if (gate.Finished)
                    {
                        break;
                    }

                    yield return HandOver(stream, i == 0 ? FirstChunk(message) : $" +{i - 1}");
                }
            }
            else
            {
                yield return HandOver(stream, FirstChunk(message));
                for (var i = 0; i < ExtraChunks; i++)
                {
                    if (ChunkDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(ChunkDelay, CancellationToken.None);
                    }

                    // A cancel on the runtime's side does not stop this stream; only the caller's token does.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        yield break;
                    }

                    yield return HandOver(stream, $" +{i}");
                }
            }

            yield return new StopEvent("end_turn");
        }
        finally
        {
            stream.EndedTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    private string FirstChunk(AgentMessage message) => Answer?.Invoke(message) ?? $"echo: {message.Text}";

    private AssistantTextDelta HandOver(RuntimeStream stream, string text)
    {
        if (stream.Cancelled)
        {
            Interlocked.Increment(ref stream.ChunksAfterCancel);
            Interlocked.Increment(ref ChunksAfterCancel);
        }

        stream.Chunks.Enqueue((text, System.Diagnostics.Stopwatch.GetTimestamp()));
        return new AssistantTextDelta(text);
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
    private readonly ConcurrentDictionary<Guid, Latch> _revokeLatches = new();

    /// <summary>Holds the next revocation of this node's credential at a latch.</summary>
    public Latch HoldRevocation(Guid nodeId)
    {
        var latch = new Latch();
        _revokeLatches[nodeId] = latch;
        return latch;
    }

    public Task<string> IssueAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        var secret = $"dsn_{Guid.NewGuid():N}";
        _secrets[nodeId] = (secret, false);
        return Task.FromResult(secret);
    }

    public async Task RevokeAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        if (_revokeLatches.TryRemove(nodeId, out var latch))
        {
            await latch.PassAsync();
        }

        if (_secrets.TryGetValue(nodeId, out var current))
        {
            _secrets[nodeId] = current with { Revoked = true };
        }
    }

    public Task<bool> VerifyAsync(Guid nodeId, string secret, CancellationToken cancellationToken = default) =>
        Task.FromResult(_secrets.TryGetValue(nodeId, out var current) && !current.Revoked && current.Secret == secret);
}

/// <summary>Transcripts in memory, with the table's once-per-(node, key, role) rule and paging.</summary>
public sealed class InMemoryTranscriptStore : DeepSync.Conversations.ITranscriptStore
{
    private readonly List<DeepSync.Conversations.TranscriptEntry> _rows = [];
    private readonly ConcurrentDictionary<Guid, Latch> _appendLatches = new();
    private long _sequence;

    /// <summary>Holds the next transcript write of this node at a latch.</summary>
    public Latch HoldAppend(Guid nodeId)
    {
        var latch = new Latch();
        _appendLatches[nodeId] = latch;
        return latch;
    }

    /// <summary>While false, appends fail like a database that went away.</summary>
    public bool Available { get; set; } = true;

    /// <summary>Entries matching this are refused for good, as PostgreSQL refuses text it cannot store.</summary>
    public Func<DeepSync.Conversations.TranscriptEntry, bool>? RejectWhen { get; set; }

    public async Task AppendAsync(IReadOnlyList<DeepSync.Conversations.TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count > 0 && _appendLatches.TryRemove(entries[0].NodeId, out var latch))
        {
            await latch.PassAsync();
        }

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

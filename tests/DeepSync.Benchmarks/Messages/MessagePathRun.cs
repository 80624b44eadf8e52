using DeepSync.Benchmarks.Echo;
using DeepSync.Benchmarks.Hosting;
using DeepSync.Benchmarks.Ports;
using DeepSync.Benchmarks.Scenarios;
using DeepSync.Agents;
using DeepSync.Conversations;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Conversations;
using DeepSync.Silo.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DeepSync.Benchmarks.Messages;

/// <summary>
/// The message path of issue 4. Part 1: <see cref="ITeammateNodeGrain.SendMessage"/> (send → completed
/// reply) with the zero-latency runtime, memory storage and transcripts dropped, against the echo grain,
/// alternating in slices at the same concurrency. A profile then counts what one message costs. Part 2:
/// the same path with the real <see cref="PostgresTranscriptStore"/> on a private PostgreSQL, against a
/// plain batched INSERT loop into the same table, alternating the same way.
/// </summary>
public sealed class MessagePathRun(MessagePathSettings settings, bool withPostgres, TextWriter progress)
{
    public const string Messages = "SendMessage (memory)";
    public const string MessagesFresh = "SendMessage (fresh nodes)";
    public const string Echo = "EchoGrain.Echo";
    public const string MessagesPostgres = "SendMessage (PostgreSQL)";
    public const string InsertBaseline = "INSERT batch of 2 rows";
    public const string ProbeReminder = "probe: RegisterOrUpdateReminder";
    public const string ProbeWriteSmall = "probe: WriteState, empty queue";
    public const string ProbeWriteFull = "probe: WriteState, 256 queued";

    /// <summary>Queued messages in the "full state" write probe.</summary>
    private const int KeptReplies = 256;

    private const int ProfileRounds = 4;

    private const string Channel = "web";
    private const string Text = "ping";

    /// <summary>The statement <see cref="PostgresTranscriptStore"/> runs for each transcript line.</summary>
    private const string InsertSql = """
        INSERT INTO transcripts (node_id, channel, idempotency_key, role, sender, body, at)
        VALUES (@node_id, @channel, @key, @role, @sender, @body, @at)
        ON CONFLICT (node_id, idempotency_key, role) DO NOTHING
        """;

    private static readonly TimeSpan CollectionAge = TimeSpan.FromHours(2);

    private long _keys;

    public async Task<MessagePathReport> ExecuteAsync()
    {
        LocalPostgres? postgres = null;
        string? root = null;
        NpgsqlDataSource? dataSource = null;
        try
        {
            if (withPostgres)
            {
                root = Path.Combine(Path.GetTempPath(), $"deepsync-bench-pg-{Guid.NewGuid():N}");
                progress.WriteLine($"Starting a private PostgreSQL in {root}...");
                postgres = await LocalPostgres.StartAsync(root, null, NullLogger.Instance);
                DatabaseMigrator.Migrate(postgres.ConnectionString, NullLogger.Instance);
                dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
            }

            var transcripts = new RoutingTranscriptStore();
            var runtime = new RecordingAgentRuntime();
            await using var silo = await BenchmarkSilo.StartAsync(CollectionAge, builder =>
            {
                builder.Services.AddSingleton<ITranscriptStore>(transcripts);
                builder.Services.AddSingleton<IAgentRuntime>(runtime);
                if (settings.ProductionStorageSerializer)
                {
                    // What SiloHosting configures for every deployment (it matters: each write serializes the whole state).
                    builder.UseOrleans(silo => silo.UseSystemTextJsonGrainStorageSerializer());
                }
            });

            var memory = await MeasureInMemoryAsync(silo, runtime, transcripts);
            var onPostgres = dataSource is null ? null : await MeasurePostgresAsync(silo, transcripts, dataSource);
            return new MessagePathReport(settings, memory, onPostgres);
        }
        finally
        {
            if (dataSource is not null)
            {
                await dataSource.DisposeAsync();
            }

            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            if (root is not null)
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    private async Task<InMemoryMessageReport> MeasureInMemoryAsync(BenchmarkSilo silo, RecordingAgentRuntime runtime, RoutingTranscriptStore transcripts)
    {
        var nodes = await RunningNodesAsync(silo, settings.Nodes, "memory");
        var fresh = await RunningNodesAsync(silo, settings.Nodes, "fresh (profile only)");
        var echoes = Enumerable.Range(0, settings.Nodes).Select(_ => silo.Grains.GetGrain<IEchoGrain>(Guid.NewGuid())).ToArray();
        await Task.WhenAll(echoes.Select(e => e.Echo(Text)));

        var sendsBefore = runtime.Sends;
        await PrefillAsync(nodes, "memory");
        var prefillSends = runtime.Sends - sendsBefore;
        if (prefillSends < (long)nodes.Length * settings.PrefillPerNode)
        {
            throw new InvalidOperationException($"Only {prefillSends} of {nodes.Length * settings.PrefillPerNode} prefill messages reached the runtime.");
        }

        TimedLoad[] loads =
        [
            new(Messages, nodes.Length, i => Send(nodes[i])),
            new(Echo, echoes.Length, i => echoes[i].Echo(Text)),
        ];
        var samples = await RoundsAsync(loads);

        progress.WriteLine($"Profiling: {ProfileRounds} rounds of alternating {settings.ProfileSlice.TotalSeconds:0.##} s slices, grain calls counted...");
        var probes = Enumerable.Range(0, settings.Nodes).Select(_ => silo.Grains.GetGrain<ICostProbeGrain>(Guid.NewGuid())).ToArray();
        await Task.WhenAll(probes.Select(p => p.Write(KeptReplies)));
        var probeSmall = Enumerable.Range(0, settings.Nodes).Select(_ => silo.Grains.GetGrain<ICostProbeGrain>(Guid.NewGuid())).ToArray();
        await Task.WhenAll(probeSmall.Select(p => p.Write(0)));
        TimedLoad[] profiled =
        [
            loads[0],
            new(MessagesFresh, fresh.Length, i => Send(fresh[i])),
            loads[1],
            new(ProbeReminder, probes.Length, i => probes[i].Remind()),
            new(ProbeWriteSmall, probeSmall.Length, i => probeSmall[i].Write(0)),
            new(ProbeWriteFull, probes.Length, i => probes[i].Write(KeptReplies)),
        ];
        var profile = await ProfileAsync(silo, runtime, transcripts, profiled);
        return new InMemoryMessageReport(samples, profile, fresh.Length);
    }

    private async Task<PostgresMessageReport> MeasurePostgresAsync(BenchmarkSilo silo, RoutingTranscriptStore transcripts, NpgsqlDataSource dataSource)
    {
        var nodes = await RunningNodesAsync(silo, settings.Nodes, "PostgreSQL");
        var store = new PostgresTranscriptStore(dataSource);
        transcripts.Route(store, nodes.Select(n => n.NodeId));
        long sentToPostgresNodes = 0;

        await PrefillAsync(nodes, "PostgreSQL", () => Interlocked.Increment(ref sentToPostgresNodes));

        var baselineNodes = Enumerable.Range(0, settings.Nodes).Select(_ => Guid.NewGuid()).ToArray();
        long baselineBatches = 0;
        TimedLoad[] loads =
        [
            new(MessagesPostgres, nodes.Length, async i =>
            {
                await Send(nodes[i]);
                Interlocked.Increment(ref sentToPostgresNodes);
            }),
            new(InsertBaseline, baselineNodes.Length, async i =>
            {
                await InsertPairAsync(dataSource, baselineNodes[i]);
                Interlocked.Increment(ref baselineBatches);
            }),
        ];
        var samples = await RoundsAsync(loads);

        // Every answered message must have left exactly its two lines (user and assistant) in the table.
        var rows = await CountRowsAsync(dataSource, nodes.Select(n => n.NodeId).ToArray());
        var baselineRows = await CountRowsAsync(dataSource, baselineNodes);
        if (rows != 2 * sentToPostgresNodes || baselineRows != 2 * baselineBatches)
        {
            throw new InvalidOperationException(
                $"Transcript rows do not add up: {rows} rows for {sentToPostgresNodes} messages, {baselineRows} baseline rows for {baselineBatches} batches.");
        }

        return new PostgresMessageReport(samples, sentToPostgresNodes, rows, baselineBatches, baselineRows);
    }

    private async Task<(ITeammateNodeGrain Grain, Guid NodeId, Actor Owner)[]> RunningNodesAsync(BenchmarkSilo silo, int count, string label)
    {
        progress.WriteLine($"Provisioning and launching {count} nodes ({label})...");
        var fleet = await new FleetProvisioner(silo.Grains).ProvisionAsync(count, BenchmarkSettings.SetupParallelism);
        var nodes = fleet.Select(m => (Grain: silo.Grains.GetGrain<ITeammateNodeGrain>(m.NodeId), m.NodeId, m.Owner)).ToArray();
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (node, _) =>
        {
            await node.Grain.Launch(node.Owner);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while ((await node.Grain.Get(node.Owner)).Lifecycle != NodeLifecycle.Running)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Node {node.NodeId} did not reach Running within 60 s.");
                }

                await Task.Delay(20);
            }
        });
        return nodes;
    }

    private async Task PrefillAsync((ITeammateNodeGrain Grain, Guid NodeId, Actor Owner)[] nodes, string label, Action? sent = null)
    {
        progress.WriteLine($"Sending each {label} node {settings.PrefillPerNode} messages first (a long-lived node's history)...");
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (node, _) =>
        {
            for (var k = 0; k < settings.PrefillPerNode; k++)
            {
                await Send(node);
                sent?.Invoke();
            }
        });
    }

    private async Task<IReadOnlyList<TimedSample>> RoundsAsync(IReadOnlyList<TimedLoad> loads)
    {
        var meter = new TimedCallMeter(settings.Concurrency);
        var samples = new List<TimedSample>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            progress.WriteLine($"Round {round}/{settings.Rounds}: {string.Join(" vs ", loads.Select(l => l.Name))}...");
            samples.AddRange(await meter.MeasureInterleavedAsync(round, loads, settings.Warmup, settings.Measure, settings.Slice));
        }

        return samples;
    }

    /// <summary>
    /// Alternates the loads in slices, as the measured rounds do, with grain-call counting on; every
    /// counter is read around each slice, so it is charged to the load that ran in it.
    /// </summary>
    private async Task<IReadOnlyList<MessageProfile>> ProfileAsync(BenchmarkSilo silo, RecordingAgentRuntime runtime, RoutingTranscriptStore transcripts, IReadOnlyList<TimedLoad> loads)
    {
        var meter = new TimedCallMeter(settings.Concurrency);
        var samples = loads.Select(l => new TimedSample(l.Name, 0)).ToArray();
        var grainCalls = loads.Select(_ => new Dictionary<string, long>()).ToArray();
        var counters = new long[loads.Count, 5];
        silo.Calls.Enabled = true;
        try
        {
            for (var round = 0; round < ProfileRounds; round++)
            {
                for (var l = 0; l < loads.Count; l++)
                {
                    var calls = silo.Calls.Snapshot();
                    long[] before = [runtime.Sends, transcripts.AppendCalls, transcripts.Entries, silo.Ledger.AppendCalls, silo.NodeDirectory.UpsertCalls];
                    await meter.MeasureSliceAsync(loads[l], settings.ProfileSlice, samples[l]);
                    long[] after = [runtime.Sends, transcripts.AppendCalls, transcripts.Entries, silo.Ledger.AppendCalls, silo.NodeDirectory.UpsertCalls];
                    for (var c = 0; c < before.Length; c++)
                    {
                        counters[l, c] += after[c] - before[c];
                    }

                    foreach (var (method, count) in GrainCallCounter.Difference(calls, silo.Calls.Snapshot()))
                    {
                        grainCalls[l][method] = grainCalls[l].GetValueOrDefault(method) + count;
                    }
                }
            }
        }
        finally
        {
            silo.Calls.Enabled = false;
        }

        var echoRate = samples.Single(s => s.Load == Echo).CallsPerSecond;
        return loads.Select((load, l) =>
        {
            var n = (double)samples[l].Calls;
            return new MessageProfile(
                load.Name,
                samples[l].Calls,
                samples[l].CallsPerSecond,
                samples[l].CallsPerSecond / echoRate,
                samples[l].AllocatedBytesPerCall,
                grainCalls[l].OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value / n),
                counters[l, 0] / n,
                counters[l, 1] / n,
                counters[l, 2] / n,
                counters[l, 3] / n,
                counters[l, 4] / n);
        }).ToList();
    }

    private Task<NodeReply> Send((ITeammateNodeGrain Grain, Guid NodeId, Actor Owner) node) =>
        node.Grain.SendMessage(node.Owner, new NodeMessage(Channel, "bench", Text, $"m{Interlocked.Increment(ref _keys)}"));

    private async Task InsertPairAsync(NpgsqlDataSource dataSource, Guid nodeId)
    {
        var key = $"b{Interlocked.Increment(ref _keys)}";
        var now = DateTime.UtcNow;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (role, sender, body) in new[] { ("user", "bench", Text), ("assistant", "Alpha-1", FixedReplyAgentRuntime.Reply) })
        {
            var command = new NpgsqlBatchCommand(InsertSql);
            command.Parameters.AddWithValue("node_id", nodeId);
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("role", role);
            command.Parameters.AddWithValue("sender", sender);
            command.Parameters.AddWithValue("body", body);
            command.Parameters.AddWithValue("at", now);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountRowsAsync(NpgsqlDataSource dataSource, Guid[] nodeIds)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM transcripts WHERE node_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", nodeIds);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

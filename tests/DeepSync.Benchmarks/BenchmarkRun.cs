using DeepSync.Benchmarks.Echo;
using DeepSync.Benchmarks.Hosting;
using DeepSync.Benchmarks.Reporting;
using DeepSync.Benchmarks.Scenarios;
using DeepSync.Billing;
using DeepSync.Fleet;

namespace DeepSync.Benchmarks;

/// <summary>
/// One run, in order: provision nodes, collect every activation, measure node and echo activations'
/// memory, then measure node and echo call rates, alternating, over grains that are already active.
/// </summary>
public sealed class BenchmarkRun(BenchmarkSettings settings, TextWriter progress)
{
    /// <summary>Far longer than a run: nothing measured may be collected behind the benchmark's back.</summary>
    private static readonly TimeSpan CollectionAge = TimeSpan.FromHours(2);

    private static readonly TimeSpan CollectTimeout = TimeSpan.FromMinutes(2);

    private const string EchoText = "ping";

    public async Task<BenchmarkReport> ExecuteAsync()
    {
        var environment = RunEnvironment.Capture();
        await using var silo = await BenchmarkSilo.StartAsync(CollectionAge);
        var census = new ActivationCensus(silo.Management);

        progress.WriteLine($"Provisioning {settings.Activations:N0} subscriptions, each with its first node...");
        var fleet = await new FleetProvisioner(silo.Grains).ProvisionAsync(settings.Activations, BenchmarkSettings.SetupParallelism);

        // Provisioning also activated the subscriptions and the catalog. Collecting everything means the
        // measured phase activates node grains only, each loading its state from memory storage.
        progress.WriteLine("Collecting every subscription, node and catalog activation...");
        await census.CollectAllAsync(CollectTimeout, typeof(SubscriptionGrain), typeof(TeammateNodeGrain), typeof(TierCatalogGrain));

        var echoIds = Enumerable.Range(0, settings.Activations).Select(_ => Guid.NewGuid()).ToArray();
        var memory = await MeasureMemoryAsync(silo, census, fleet, echoIds);
        var throughput = await MeasureThroughputAsync(silo, fleet, echoIds);
        return new BenchmarkReport(settings.Mode, environment, memory, throughput);
    }

    private async Task<MemoryReport> MeasureMemoryAsync(BenchmarkSilo silo, ActivationCensus census, IReadOnlyList<FleetMember> fleet, Guid[] echoIds)
    {
        var meter = new ActivationMemoryMeter(census, BenchmarkSettings.SetupParallelism);
        var appendsBefore = silo.Ledger.AppendCalls;
        var repeatedBefore = silo.Ledger.RepeatedEntries;
        var upsertsBefore = silo.NodeDirectory.UpsertCalls;

        progress.WriteLine($"Activating {fleet.Count:N0} node grains (Get as owner)...");
        var node = await meter.MeasureAsync(nameof(TeammateNodeGrain), typeof(TeammateNodeGrain), fleet.Count, i =>
            silo.Grains.GetGrain<ITeammateNodeGrain>(fleet[i].NodeId).Get(fleet[i].Owner));

        var appends = silo.Ledger.AppendCalls - appendsBefore;
        var repeated = silo.Ledger.RepeatedEntries - repeatedBefore;
        var upserts = silo.NodeDirectory.UpsertCalls - upsertsBefore;

        progress.WriteLine($"Activating {echoIds.Length:N0} echo grains...");
        var echo = await meter.MeasureAsync(nameof(EchoGrain), typeof(EchoGrain), echoIds.Length, i =>
            silo.Grains.GetGrain<IEchoGrain>(echoIds[i]).Echo(EchoText));

        return new MemoryReport(node, echo, await census.TotalAsync(), appends, repeated, upserts);
    }

    private async Task<ThroughputReport> MeasureThroughputAsync(BenchmarkSilo silo, IReadOnlyList<FleetMember> fleet, Guid[] echoIds)
    {
        var count = Math.Min(settings.ThroughputGrains, fleet.Count);

        // References and actors are built once, so the loop measures calls, not reference creation.
        var nodes = fleet.Take(count).Select(m => (Grain: silo.Grains.GetGrain<ITeammateNodeGrain>(m.NodeId), m.Owner)).ToArray();
        var echoes = echoIds.Take(count).Select(id => silo.Grains.GetGrain<IEchoGrain>(id)).ToArray();

        CallLoad[] loads =
        [
            new(ThroughputReport.NodeGrain, count, i => nodes[i].Grain.Get(nodes[i].Owner)),
            new(ThroughputReport.EchoGrain, count, i => echoes[i].Echo(EchoText)),
        ];

        var meter = new CallThroughputMeter(settings.Concurrency);
        var samples = new List<ThroughputSample>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            progress.WriteLine($"Throughput round {round}/{settings.Rounds}...");
            samples.AddRange(await meter.MeasureInterleavedAsync(round, loads, settings.Warmup, settings.Measure, settings.Slice));
        }

        return new ThroughputReport(settings.Concurrency, count, settings.Warmup, settings.Measure, settings.Slice, samples);
    }
}

using DeepSync.Agents;
using DeepSync.Benchmarks.Ports;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Hosting;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace DeepSync.Benchmarks.Hosting;

/// <summary>
/// One in-process silo with memory storage and in-memory ports. Calls made through <see cref="Grains"/>
/// stay inside the process but still go through Orleans' full message path (and its argument copying),
/// which is what the throughput comparison is about.
/// </summary>
public sealed class BenchmarkSilo(IHost host) : IAsyncDisposable
{
    public IGrainFactory Grains { get; } = host.Services.GetRequiredService<IGrainFactory>();

    public IManagementGrain Management => Grains.GetGrain<IManagementGrain>(0);

    public InMemoryAuditLedger Ledger { get; } = host.Services.GetRequiredService<InMemoryAuditLedger>();

    public InMemoryNodeDirectory NodeDirectory { get; } = host.Services.GetRequiredService<InMemoryNodeDirectory>();

    public IServiceProvider Services => host.Services;

    public GrainCallCounter Calls { get; } = host.Services.GetRequiredService<GrainCallCounter>();

    /// <param name="collectionAge">
    /// Idle time before Orleans collects an activation. Set far beyond a run's length so the activations
    /// being measured stay in memory until the benchmark itself collects them.
    /// </param>
    /// <param name="customize">
    /// Runs after the default registrations, so a scenario can replace a port (a later singleton wins),
    /// add configuration, or set <see cref="NodeLifecycleOptions"/>.
    /// </param>
    public static async Task<BenchmarkSilo> StartAsync(TimeSpan collectionAge, Action<HostApplicationBuilder>? customize = null)
    {
        // No command-line args: "--quick" is ours, not a configuration key.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // Silo warnings go to stderr with the progress lines; stdout carries only the result table.
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        builder.Services.AddSingleton<INodeCredentials, UnusedNodeCredentials>();
        builder.Services.AddSingleton<InMemoryAuditLedger>();
        builder.Services.AddSingleton<IAuditLedger>(sp => sp.GetRequiredService<InMemoryAuditLedger>());
        builder.Services.AddSingleton<InMemoryNodeDirectory>();
        builder.Services.AddSingleton<INodeDirectory>(sp => sp.GetRequiredService<InMemoryNodeDirectory>());
        builder.Services.AddSingleton<ISubscriptionDirectory, InMemorySubscriptionDirectory>();
        builder.Services.AddSingleton<DeepSync.Conversations.ITranscriptStore, DiscardingTranscriptStore>();
        builder.Services.AddSingleton<DeepSync.Memory.IProvenanceStore, NoProvenanceStore>();
        builder.Services.AddSingleton<INodeHost, InstantNodeHost>();
        builder.Services.AddSingleton<IAgentRuntime, FixedReplyAgentRuntime>();

        // Off unless a scenario turns it on for a profiling slice; then it counts every grain call by method.
        var callCounter = new GrainCallCounter();
        builder.Services.AddSingleton(callCounter);

        var ports = FreeTcpPorts.Take(2);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1]);
            silo.AddMemoryGrainStorage(StorageNames.Provider);
            silo.UseInMemoryReminderService();
            silo.Configure<GrainCollectionOptions>(options => options.CollectionAge = collectionAge);
            silo.AddIncomingGrainCallFilter(callCounter);
        });

        customize?.Invoke(builder);

        var host = builder.Build();
        await host.StartAsync();
        return new BenchmarkSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

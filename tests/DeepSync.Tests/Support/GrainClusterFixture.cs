using DeepSync.Agents;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace DeepSync.Tests.Support;

/// <summary>An in-process test cluster (one silo, memory storage) with in-memory ports the tests can inspect.</summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public InMemoryAuditLedger Ledger => Service<InMemoryAuditLedger>();

    public InMemoryNodeDirectory Directory => Service<InMemoryNodeDirectory>();

    public FakeNodeHost Host => Service<FakeNodeHost>();

    public InMemoryNodeCredentials Credentials => Service<InMemoryNodeCredentials>();

    public RecordingAgentRuntime Runtime => Service<RecordingAgentRuntime>();

    public ManualClock Clock => Service<ManualClock>();

    public InMemoryTranscriptStore Transcripts => Service<InMemoryTranscriptStore>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private T Service<T>() where T : notnull =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services.GetRequiredService<T>();

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(StorageNames.Provider);
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.ConfigureServices(services =>
            {
                services.AddSingleton<InMemoryAuditLedger>();
                services.AddSingleton<IAuditLedger>(sp => sp.GetRequiredService<InMemoryAuditLedger>());
                services.AddSingleton<InMemoryNodeDirectory>();
                services.AddSingleton<INodeDirectory>(sp => sp.GetRequiredService<InMemoryNodeDirectory>());
                services.AddSingleton<ISubscriptionDirectory, InMemorySubscriptionDirectory>();
                services.AddSingleton<FakeNodeHost>();
                services.AddSingleton<INodeHost>(sp => sp.GetRequiredService<FakeNodeHost>());
                services.AddSingleton<InMemoryTranscriptStore>();
                services.AddSingleton<DeepSync.Conversations.ITranscriptStore>(sp => sp.GetRequiredService<InMemoryTranscriptStore>());
                services.AddSingleton<DeepSync.Memory.IProvenanceStore, InMemoryProvenanceStore>();
                services.AddSingleton<InMemoryNodeCredentials>();
                services.AddSingleton<INodeCredentials>(sp => sp.GetRequiredService<InMemoryNodeCredentials>());
                services.Configure<NodeLifecycleOptions>(o =>
                {
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    o.WakeTimeout = TimeSpan.FromSeconds(10);
                    o.IdleCheckInterval = TimeSpan.FromMilliseconds(100);
                });
                services.AddSingleton<RecordingAgentRuntime>();
                services.AddSingleton<IAgentRuntime>(sp => sp.GetRequiredService<RecordingAgentRuntime>());
                services.AddSingleton<ManualClock>();
                services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, (sp, _) => sp.GetRequiredService<ManualClock>());
            });
        }
    }
}

/// <summary>Shares one test cluster across the grain test classes.</summary>
[CollectionDefinition(Name)]
public sealed class GrainClusterCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}

using System.Net;
using DeepSync.Agents;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Hosting;
using DeepSync.Silo.Agents;
using DeepSync.Silo.Billing;
using DeepSync.Silo.Configuration;
using DeepSync.Silo.Database;
using DeepSync.Silo.Fleet;
using DeepSync.Silo.Governance;
using DeepSync.Silo.Hosting;
using DeepSync.Silo.Hosting.Railway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DeepSync.Silo;

/// <summary>Builds a DeepSync silo from configuration; shared by the web host and the standalone silo.</summary>
public static class SiloHosting
{
    private const string Invariant = "Npgsql";

    /// <summary>Reaches (or starts) and migrates the database named by <c>DeepSync:Database</c>.</summary>
    public static Task<DeepSyncDatabase> PrepareDeepSyncDatabaseAsync(this IHostApplicationBuilder builder, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return DeepSyncDatabase.PrepareAsync(options, logger ?? NullLogger.Instance, cancellationToken);
    }

    /// <summary>
    /// Adds the Orleans silo (ADO.NET clustering, grain storage and reminders on PostgreSQL, or memory),
    /// the adapters behind the grains' ports and the read models.
    /// </summary>
    public static IHostApplicationBuilder AddDeepSyncSilo(this IHostApplicationBuilder builder, DeepSyncDatabase database)
    {
        var section = builder.Configuration.GetSection(SiloClusterOptions.Section);
        var cluster = section.Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        var validation = new SiloClusterOptionsValidator().Validate(null, cluster);
        if (validation.Failed)
        {
            throw new StartupException(string.Join(" ", validation.Failures!));
        }

        var services = builder.Services;
        services.AddSingleton<IValidateOptions<SiloClusterOptions>, SiloClusterOptionsValidator>();
        services.AddOptions<SiloClusterOptions>().Bind(section).ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section));

        // Registered before Orleans so it stops after the silo: the private server outlives its last write.
        services.AddSingleton(database);
        services.AddHostedService<DatabaseLifetime>();

        services.AddKeyedSingleton(DomainClock.Key, TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(database.ConnectionString));
        services.AddSingleton<IAuditLedger, PostgresAuditLedger>();
        services.AddSingleton<INodeDirectory, PostgresNodeDirectory>();
        services.AddSingleton<ISubscriptionDirectory, PostgresSubscriptionDirectory>();
        if (RailwayOptions.IsConfigured(builder.Configuration))
        {
            services.AddRailwayNodeHost(builder.Configuration);
        }
        else
        {
            services.AddSingleton<INodeHost, LocalNodeHost>();
        }

        services.AddAgentRuntime(builder.Configuration);
        services.AddSingleton<INodeCredentials, PostgresNodeCredentials>();
        services.AddSingleton<DeepSync.Conversations.ITranscriptStore, DeepSync.Silo.Conversations.PostgresTranscriptStore>();
        services.AddSingleton<DeepSync.Memory.IProvenanceStore, DeepSync.Silo.Memory.PostgresProvenanceStore>();
        services.AddOptions<NodeLifecycleOptions>().Bind(builder.Configuration.GetSection(NodeLifecycleOptions.Section));
        services.AddSingleton<NodeDirectoryQuery>();
        services.AddSingleton<AuditLedgerQuery>();
        services.AddSingleton<AuditDeadLetterQuery>();

        builder.UseOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = SiloClusterOptions.ServiceId;
            });
            var advertised = string.IsNullOrWhiteSpace(cluster.AdvertisedAddress) ? IPAddress.Loopback : IPAddress.Parse(cluster.AdvertisedAddress);
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyInterface);
            silo.UseSystemTextJsonGrainStorageSerializer();

            if (cluster.Storage == "memory")
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: SiloClusterOptions.ServiceId, clusterId: cluster.ClusterId);
                silo.AddMemoryGrainStorage(StorageNames.Provider);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.AddAdoNetGrainStorage(StorageNames.Provider, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = database.ConnectionString;
                });
            }
        });

        return builder;
    }

    /// <summary>Stops the private PostgreSQL (if this process started it) after everything else has stopped.</summary>
    private sealed class DatabaseLifetime(DeepSyncDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await database.DisposeAsync();
    }
}

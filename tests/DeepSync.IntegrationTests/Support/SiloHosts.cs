using System.Net;
using System.Net.Sockets;
using DeepSync.Silo;
using DeepSync.Silo.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSync.Tests.Support;

/// <summary>Starts real silo hosts, configured exactly as production does, on free loopback ports.</summary>
public static class SiloHosts
{
    public static async Task<IHost> StartAsync(
        string connectionString,
        string clusterId,
        string storage = "postgres",
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DeepSync:Database:ConnectionString"] = connectionString,
            ["DeepSync:Cluster:ClusterId"] = clusterId,
            ["DeepSync:Cluster:SiloPort"] = FreePort().ToString(),
            ["DeepSync:Cluster:GatewayPort"] = FreePort().ToString(),
            ["DeepSync:Cluster:Storage"] = storage,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var database = await builder.PrepareDeepSyncDatabaseAsync();
        builder.AddDeepSyncSilo(database);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task ShutdownAsync(this IHost host)
    {
        await HostingAbstractionsHostExtensions.StopAsync(host, TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    public static DeepSyncDatabase Database(this IHost host) => (DeepSyncDatabase)host.Services.GetService(typeof(DeepSyncDatabase))!;
}

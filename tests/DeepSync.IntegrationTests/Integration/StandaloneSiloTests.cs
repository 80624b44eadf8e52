using System.Diagnostics;
using System.Net;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace DeepSync.Tests.Integration;

/// <summary>The standalone silo executable joins the cluster of a web host, serves its health endpoints and hosts grains.</summary>
public sealed class StandaloneSiloTests
{
    [Fact]
    public async Task A_standalone_silo_process_joins_the_cluster_and_reports_ready()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var clusterId = $"standalone-{Guid.NewGuid():N}";
        var healthPort = SiloHosts.FreePort();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "DeepSync.Silo.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["DeepSync__Database__ConnectionString"] = connectionString;
        info.Environment["DeepSync__Cluster__ClusterId"] = clusterId;
        info.Environment["DeepSync__Cluster__SiloPort"] = SiloHosts.FreePort().ToString();
        info.Environment["DeepSync__Cluster__GatewayPort"] = SiloHosts.FreePort().ToString();
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{healthPort}";

        using var silo = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        silo.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        silo.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        silo.BeginOutputReadLine();
        silo.BeginErrorReadLine();
        var web = await SiloHosts.StartAsync(connectionString, clusterId);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}") };
            var ready = await Eventually.Until(
                async () =>
                {
                    try
                    {
                        return (await http.GetAsync("/health/ready")).StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return HttpStatusCode.ServiceUnavailable;
                    }
                },
                status => status == HttpStatusCode.OK || silo.HasExited,
                TimeSpan.FromSeconds(60));
            Assert.False(silo.HasExited, $"the silo exited: {output}");
            Assert.Equal(HttpStatusCode.OK, ready);

            var grains = web.Services.GetRequiredService<IGrainFactory>();
            var hosts = await Eventually.Until(() => grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2, TimeSpan.FromSeconds(60));
            Assert.Equal(2, hosts.Count);

            // Grains spread over both silos; every one answers through the web host's silo.
            for (var i = 0; i < 10; i++)
            {
                var userId = Guid.NewGuid();
                var subscription = await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), $"spread-{i}@example.test");
                Assert.Equal("Alpha-1", (await grains.GetGrain<ITeammateNodeGrain>(subscription.NodeIds[0]).Get(Actor.ForUser(userId, "u"))).Profile.Name);
            }
        }
        finally
        {
            await web.ShutdownAsync();
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync();
            }
        }
    }
}

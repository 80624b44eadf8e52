using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Railway;

/// <summary>
/// The whole platform with Railway configured (exactly the settings an operator sets), against the fake
/// Railway: every lifecycle action of a node becomes real GraphQL calls.
/// </summary>
public sealed class NodesOnRailwayTests
{
    [Fact]
    public async Task Launch_sleep_wake_suspend_and_resume_drive_the_nodes_own_Railway_service()
    {
        await using var railway = await FakeRailway.StartAsync();
        railway.PhaseDuration = TimeSpan.FromMilliseconds(60);
        var settings = RailwayTestHost.Settings(railway).ToDictionary(s => $"DeepSync:Railway:{s.Key}", s => s.Value);
        settings["DeepSync:Railway:NodeVariables:LETTA_API_KEY"] = "letta-secret-for-nodes";
        settings["DeepSync:Nodes:PollInterval"] = "00:00:00.050";
        settings["DeepSync:Nodes:ControlPlaneUrl"] = "https://deepsync.example";
        var host = await SiloHosts.StartAsync(await TestPostgres.NewDatabaseAsync(), $"railway-{Guid.NewGuid():N}", settings: settings);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var userId = Guid.NewGuid();
            var owner = Actor.ForUser(userId, "owner");
            var nodeId = (await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), "railway@example.test")).NodeIds[0];
            var node = grains.GetGrain<ITeammateNodeGrain>(nodeId);

            Assert.Equal(NodeLifecycle.Provisioning, (await node.Launch(owner)).Lifecycle);
            var running = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running, TimeSpan.FromSeconds(30));
            Assert.Equal("railway", running.Hosting?.Host);
            var serviceId = running.Hosting!.ServiceId!;
            var (_, name, image) = Assert.Single(railway.Services, s => s.Id == serviceId);
            Assert.StartsWith("node-", name);
            Assert.Equal(RailwayTestHost.Image, image);
            var variables = railway.VariablesOf(serviceId);
            Assert.Equal(nodeId.ToString(), variables["DEEPSYNC_NODE_ID"]);
            Assert.Equal("https://deepsync.example", variables["DEEPSYNC_CONTROL_PLANE_URL"]);
            Assert.Equal("letta-secret-for-nodes", variables["LETTA_API_KEY"]);
            Assert.Matches("^[0-9a-f]{64}$", variables["DEEPSYNC_AGENT_API_TOKEN_SHA256"]);
            Assert.True(await host.Services.GetRequiredService<INodeCredentials>().VerifyAsync(nodeId, variables["DEEPSYNC_NODE_TOKEN"]));
            Assert.Equal(running.Hosting.DeploymentId, Assert.Single(railway.DeploymentsOf(serviceId)));

            Assert.Equal(NodeLifecycle.Sleeping, (await node.Sleep(owner)).Lifecycle);
            await node.Wake(owner);
            await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running, TimeSpan.FromSeconds(30));
            Assert.Equal([0, 1], railway.ReplicaHistoryOf(serviceId));

            await node.Suspend(owner, SuspensionReason.OwnerRequest, "pause on Railway");
            var stopped = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Stopped, TimeSpan.FromSeconds(30));
            Assert.Null(stopped.Hosting?.DeploymentId);
            Assert.Contains(railway.ReceivedFor("deploymentStop"), r => r.Variables.GetRawText().Contains(running.Hosting.DeploymentId!, StringComparison.Ordinal));
            Assert.False(await host.Services.GetRequiredService<INodeCredentials>().VerifyAsync(nodeId, variables["DEEPSYNC_NODE_TOKEN"]));

            await node.Resume(owner);
            var resumed = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running, TimeSpan.FromSeconds(30));
            Assert.Equal(serviceId, resumed.Hosting?.ServiceId);
            Assert.Equal(2, railway.DeploymentsOf(serviceId).Count);
            Assert.NotEqual(variables["DEEPSYNC_NODE_TOKEN"], railway.VariablesOf(serviceId)["DEEPSYNC_NODE_TOKEN"]);
        }
        finally
        {
            await host.ShutdownAsync();
        }
    }
}

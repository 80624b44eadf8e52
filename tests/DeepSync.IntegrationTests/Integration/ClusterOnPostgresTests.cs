using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Fleet;
using DeepSync.Silo.Governance;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace DeepSync.Tests.Integration;

public sealed class ClusterOnPostgresTests
{
    [Fact]
    public async Task State_survives_a_full_cluster_restart_and_reaches_the_ledger_and_directory()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var clusterId = $"restart-{Guid.NewGuid():N}";
        var userId = Guid.NewGuid();
        var owner = Actor.ForUser(userId, "owner");
        Guid nodeId;

        var first = await SiloHosts.StartAsync(connectionString, clusterId);
        try
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            var subscription = await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), "restart@example.test");
            nodeId = subscription.NodeIds[0];
            var node = grains.GetGrain<ITeammateNodeGrain>(nodeId);
            await node.UpdateProfile(owner, new NodeProfile("Survivor", "SURVIVOR", "Ops", "Oslo"));
            await node.Suspend(owner, SuspensionReason.OwnerRequest, "before restart");
        }
        finally
        {
            await first.ShutdownAsync();
        }

        var second = await SiloHosts.StartAsync(connectionString, clusterId);
        try
        {
            var grains = second.Services.GetRequiredService<IGrainFactory>();
            var node = await grains.GetGrain<ITeammateNodeGrain>(nodeId).Get(owner);
            Assert.Equal("Survivor", node.Profile.Name);
            Assert.Equal(SuspensionReason.OwnerRequest, node.Suspension?.Reason);
            Assert.Equal("before restart", node.Suspension?.Detail);
            var subscription = await grains.GetGrain<ISubscriptionGrain>(userId).Get(owner);
            Assert.Equal([nodeId], subscription.NodeIds);
            Assert.Equal("restart@example.test", subscription.Email);

            var ledger = await second.Services.GetRequiredService<AuditLedgerQuery>().ReadAsync(new AuditFilter(NodeId: nodeId), 50);
            Assert.Equal([AuditAction.CredentialRevoked, AuditAction.NodeSuspended, AuditAction.NodeRenamed, AuditAction.NodeCreated], ledger.Select(e => e.Action));
            var directory = await second.Services.GetRequiredService<NodeDirectoryQuery>()
                .PageAsync(new NodeDirectoryFilter(OwnerId: userId), NodeDirectorySort.Name, false, 0, 10);
            var row = Assert.Single(directory.Rows);
            Assert.Equal(("Survivor", "restart@example.test", true), (row.Name, row.OwnerEmail, row.SuspensionReason is not null));

            // Grain state is stored as JSON (System.Text.Json), readable by operators with plain SQL.
            await using var dataSource = TestPostgres.DataSource(connectionString);
            await using var command = dataSource.CreateCommand("SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'teammate-node' LIMIT 1");
            var json = (string?)await command.ExecuteScalarAsync();
            Assert.NotNull(json);
            Assert.Contains("\"Survivor\"", json);

            // Reactivation published the outbox and recorded that, so the next activation writes nothing again.
            Assert.Contains("\"PendingAudit\":[]", json);
        }
        finally
        {
            await second.ShutdownAsync();
        }
    }

    [Fact]
    public async Task Two_silos_form_one_cluster_and_a_grain_shows_the_same_state_through_either()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var clusterId = $"pair-{Guid.NewGuid():N}";
        var a = await SiloHosts.StartAsync(connectionString, clusterId);
        var b = await SiloHosts.StartAsync(connectionString, clusterId);
        try
        {
            var grainsA = a.Services.GetRequiredService<IGrainFactory>();
            var grainsB = b.Services.GetRequiredService<IGrainFactory>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            int seenByA = 0, seenByB = 0;
            while (DateTime.UtcNow < deadline)
            {
                seenByA = (await grainsA.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
                seenByB = (await grainsB.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
                if (seenByA == 2 && seenByB == 2)
                {
                    break;
                }

                await Task.Delay(250);
            }

            Assert.Equal((2, 2), (seenByA, seenByB));

            var userId = Guid.NewGuid();
            var owner = Actor.ForUser(userId, "owner");
            var viaA = await grainsA.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), "pair@example.test");
            var nodeId = viaA.NodeIds[0];
            await grainsB.GetGrain<ITeammateNodeGrain>(nodeId).UpdateProfile(owner, new NodeProfile("Shared", "SHARED", "", ""));

            var fromA = await grainsA.GetGrain<ITeammateNodeGrain>(nodeId).Get(owner);
            var fromB = await grainsB.GetGrain<ITeammateNodeGrain>(nodeId).Get(owner);
            Assert.Equal("Shared", fromA.Profile.Name);
            Assert.Equal(fromA, fromB);
            Assert.Equal(viaA.NodeIds, (await grainsB.GetGrain<ISubscriptionGrain>(userId).Get(owner)).NodeIds);
        }
        finally
        {
            await b.ShutdownAsync();
            await a.ShutdownAsync();
        }
    }

    [Fact]
    public async Task Memory_storage_mode_keeps_grain_state_in_memory_but_the_ledger_in_postgres()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var host = await SiloHosts.StartAsync(connectionString, $"memory-{Guid.NewGuid():N}", storage: "memory");
        try
        {
            var userId = Guid.NewGuid();
            var subscription = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), "memory@example.test");

            await using var dataSource = TestPostgres.DataSource(connectionString);
            await using var grainRows = dataSource.CreateCommand("SELECT count(*) FROM orleansstorage");
            Assert.Equal(0L, await grainRows.ExecuteScalarAsync());
            var ledger = await host.Services.GetRequiredService<AuditLedgerQuery>().ReadAsync(new AuditFilter(NodeId: subscription.NodeIds[0]), 10);
            Assert.Equal(AuditAction.NodeCreated, Assert.Single(ledger).Action);
        }
        finally
        {
            await host.ShutdownAsync();
        }
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_provisioning_resumes_where_it_stopped()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var clusterId = $"resume-{Guid.NewGuid():N}";

        // The platform outlives the silos: one fake host for both, with a long build.
        var platform = new FakeNodeHost { RolloutPhases = Enumerable.Repeat(DeepSync.Hosting.DeploymentPhase.Building, 40).ToArray() };
        void UsePlatform(IServiceCollection services) => services.AddSingleton<DeepSync.Hosting.INodeHost>(platform);
        var settings = new Dictionary<string, string?> { ["DeepSync:Nodes:PollInterval"] = "00:00:00.050" };
        var userId = Guid.NewGuid();
        var owner = Actor.ForUser(userId, "owner");
        Guid nodeId;

        var first = await SiloHosts.StartAsync(connectionString, clusterId, services: UsePlatform, settings: settings);
        try
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            nodeId = (await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), "resume@example.test")).NodeIds[0];
            var node = grains.GetGrain<ITeammateNodeGrain>(nodeId);
            await node.Launch(owner);
            await Eventually.Until(() => node.Get(owner), n => n.Hosting?.Step == "deployment_building");
        }
        finally
        {
            await first.ShutdownAsync();
        }

        var statusReadsBeforeRestart = platform.Calls.Count(c => c.Operation == "status");
        var second = await SiloHosts.StartAsync(connectionString, clusterId, services: UsePlatform, settings: settings);
        try
        {
            var node = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ITeammateNodeGrain>(nodeId);
            var resumed = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running, TimeSpan.FromSeconds(30));

            Assert.Equal("agent_ready", resumed.Hosting?.Step);
            Assert.Single(platform.Calls, c => c.Operation == "create_service");
            Assert.Single(platform.Calls, c => c.Operation == "deploy");
            Assert.True(platform.Calls.Count(c => c.Operation == "status") > statusReadsBeforeRestart);
        }
        finally
        {
            await second.ShutdownAsync();
        }
    }

    [Fact]
    public async Task Messages_queued_while_the_runtime_was_down_are_answered_after_a_full_restart()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        var clusterId = $"queue-{Guid.NewGuid():N}";
        var userId = Guid.NewGuid();
        var owner = Actor.ForUser(userId, "owner");
        var down = new RecordingAgentRuntime { Offline = true };
        Guid nodeId;

        var first = await SiloHosts.StartAsync(connectionString, clusterId, services: s => s.AddSingleton<DeepSync.Agents.IAgentRuntime>(down));
        try
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            nodeId = (await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), "queue@example.test")).NodeIds[0];
            var node = grains.GetGrain<ITeammateNodeGrain>(nodeId);
            await node.Launch(owner);
            await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
            await node.Post(owner, new NodeMessage("web", "owner", "first", "q1"));
            await node.Post(owner, new NodeMessage("telegram", "owner", "second", "q2"));
            await Eventually.Until(() => Task.FromResult(down.RefusedWhileOffline), refused => refused > 0);
        }
        finally
        {
            await first.ShutdownAsync();
        }

        var up = new RecordingAgentRuntime();
        var second = await SiloHosts.StartAsync(connectionString, clusterId, services: s => s.AddSingleton<DeepSync.Agents.IAgentRuntime>(up));
        try
        {
            var node = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ITeammateNodeGrain>(nodeId);
            await Eventually.Until(() => node.GetQueue(owner), q => q.Count == 0, TimeSpan.FromSeconds(30));

            Assert.Equal(["q1", "q2"], up.Messages.Select(m => m.Message.IdempotencyKey));
            var transcript = await node.GetTranscript(owner, null, null, 10);
            // Each exchange is recorded when it is answered: message then reply, in delivery order.
            Assert.Equal(["first", "echo: first", "second", "echo: second"], transcript.Entries.Select(e => e.Text));
            Assert.Equal(["web", "web", "telegram", "telegram"], transcript.Entries.Select(e => e.Channel));
        }
        finally
        {
            await second.ShutdownAsync();
        }
    }
}

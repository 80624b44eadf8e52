using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class NodeLifecycleTests(GrainClusterFixture fixture)
{
    private async Task<(Actor Owner, ITeammateNodeGrain Node, Guid NodeId)> AlphaAsync()
    {
        var (_, owner, subscription) = await Users.NewAsync(fixture.Grains);
        var nodeId = subscription.NodeIds[0];
        return (owner, fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId), nodeId);
    }

    private Task<NodeSnapshot> WaitFor(ITeammateNodeGrain node, Actor owner, NodeLifecycle lifecycle) =>
        Eventually.Until(() => node.Get(owner), n => n.Lifecycle == lifecycle);

    private List<string> Steps(Guid nodeId) => fixture.Ledger.ForNode(nodeId)
        .Where(e => e.Details.ContainsKey("step"))
        .Select(e => e.Details["step"])
        .ToList();

    private static NodeMessage Message(string text) => new("web", "owner", text, Guid.NewGuid().ToString());

    [Fact]
    public async Task Launch_walks_the_real_provisioning_steps_and_hands_the_container_a_working_credential()
    {
        var (owner, node, nodeId) = await AlphaAsync();

        var launched = await node.Launch(owner);
        Assert.Equal(NodeLifecycle.Provisioning, launched.Lifecycle);
        var running = await WaitFor(node, owner, NodeLifecycle.Running);

        Assert.Equal(
            ["launch_requested", "service_created", "variables_set", "deployment_created", "deployment_queued", "deployment_building", "deployment_deploying", "deployment_success", "agent_ready"],
            Steps(nodeId));
        Assert.All(fixture.Ledger.ForNode(nodeId).Where(e => e.Action == AuditAction.NodeLifecycleStep), e => Assert.True(long.Parse(e.Details["elapsed_ms"]) >= 0));
        var variables = fixture.Host.Variables[running.Hosting!.ServiceId!];
        Assert.Equal(nodeId.ToString(), variables["DEEPSYNC_NODE_ID"]);
        Assert.True(await fixture.Credentials.VerifyAsync(nodeId, variables["DEEPSYNC_NODE_TOKEN"]));
        Assert.Equal($"agent-{nodeId:N}", running.Hosting.AgentId);
        Assert.Equal("echo: hi", (await node.SendMessage(owner, Message("hi"))).Text);
    }

    [Fact]
    public async Task A_message_to_a_node_that_never_launched_is_refused_with_a_clear_error()
    {
        var (owner, node, _) = await AlphaAsync();
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.SendMessage(owner, Message("hello?")));
        Assert.Equal(DeepSyncError.NodeNotRunning, ex.Code);
        Assert.Equal("Alpha-1 is created; launch it first.", ex.Message);
    }

    [Fact]
    public async Task A_failed_deployment_shows_its_reason_and_launching_again_retries()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        var service = await fixture.Host.CreateServiceAsync(nodeId, $"node-{nodeId:N}"[..17]);
        fixture.Host.FailDeploymentsWith = "image pull failed";
        try
        {
            await node.Launch(owner);
            var failed = await WaitFor(node, owner, NodeLifecycle.Failed);
            Assert.Equal("Deployment FAILED: image pull failed", failed.Hosting?.FailureReason);
        }
        finally
        {
            fixture.Host.FailDeploymentsWith = null;
        }

        await node.Launch(owner);
        var running = await WaitFor(node, owner, NodeLifecycle.Running);
        Assert.Null(running.Hosting?.FailureReason);
        Assert.Equal(service, running.Hosting?.ServiceId);
        Assert.Equal(2, fixture.Host.Calls.Count(c => c.Operation == "deploy" && c.Argument == service));
        Assert.Contains(fixture.Ledger.ForNode(nodeId), e => e.Action == AuditAction.NodeFailed && e.Details["reason"] == "Deployment FAILED: image pull failed");
    }

    [Fact]
    public async Task Transient_host_failures_during_provisioning_are_retried()
    {
        var (owner, node, _) = await AlphaAsync();
        fixture.Host.TransientFailures = 3;

        await node.Launch(owner);

        var running = await WaitFor(node, owner, NodeLifecycle.Running);
        Assert.Equal("agent_ready", running.Hosting?.Step);
        Assert.Equal(0, fixture.Host.TransientFailures);
    }

    [Fact]
    public async Task Kill_switch_cancels_revokes_and_stops_the_container_retrying_until_the_host_confirms()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        var running = await node.Launch(owner).ContinueWith(_ => WaitFor(node, owner, NodeLifecycle.Running)).Unwrap();
        var token = fixture.Host.Variables[running.Hosting!.ServiceId!]["DEEPSYNC_NODE_TOKEN"];
        fixture.Host.FailingStops = 3;

        var suspended = await node.Suspend(Users.Operator, SuspensionReason.Operator, "incident 42");

        Assert.True(suspended.IsSuspended);
        Assert.False(await fixture.Credentials.VerifyAsync(nodeId, token));
        var stopped = await WaitFor(node, owner, NodeLifecycle.Stopped);
        Assert.Null(stopped.Hosting?.DeploymentId);
        var deployment = running.Hosting.DeploymentId!;
        Assert.Equal(3, fixture.Host.Calls.Count(c => c.Operation == "stop_failed" && c.Argument == deployment));
        Assert.Single(fixture.Host.Calls, c => c.Operation == "stop" && c.Argument == deployment);

        var actions = fixture.Ledger.ForNode(nodeId).Select(e => e.Action).SkipWhile(a => a != AuditAction.NodeSuspended).ToList();
        Assert.Equal([AuditAction.NodeSuspended, AuditAction.CredentialRevoked, AuditAction.ContainerStopRequested, AuditAction.ContainerStopped], actions);
        Assert.All(fixture.Ledger.ForNode(nodeId).Where(e => e.Action == AuditAction.NodeSuspended), e => Assert.Equal(Users.Operator, e.Initiator));
    }

    [Fact]
    public async Task A_deployment_created_while_the_kill_switch_fires_is_stopped_too()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        fixture.Host.DeployDelay = TimeSpan.FromMilliseconds(400);
        Task launching;
        try
        {
            launching = node.Launch(owner);
            await Eventually.Until(() => Task.FromResult(fixture.Host.Calls.Any(c => c.Operation == "deploy" && c.Argument.Contains(nodeId.ToString("N")[..12]))), deployed => deployed);
            await node.Suspend(owner, SuspensionReason.OwnerRequest, "changed my mind");
            await launching;
        }
        finally
        {
            fixture.Host.DeployDelay = TimeSpan.Zero;
        }

        var service = fixture.Host.Calls.First(c => c.Operation == "deploy" && c.Argument.Contains(nodeId.ToString("N")[..12])).Argument;
        var deployment = fixture.Host.Deployments[service];
        var stopped = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Stopped && n.Hosting?.DeploymentId is null);
        Assert.True(stopped.IsSuspended);
        Assert.Contains(fixture.Host.Calls, c => c.Operation == "stop" && c.Argument == deployment);
    }

    [Fact]
    public async Task A_suspension_during_a_streaming_reply_cancels_the_run_and_delivers_nothing_more()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        await node.Launch(owner);
        await WaitFor(node, owner, NodeLifecycle.Running);
        fixture.Runtime.ExtraChunks = 200;
        fixture.Runtime.ChunkDelay = TimeSpan.FromMilliseconds(10);
        try
        {
            var streaming = node.SendMessage(owner, new NodeMessage("telegram", "owner", "tell me a long story", "long-1"));
            await Eventually.Until(() => Task.FromResult(fixture.Runtime.Messages.Any(m => m.Message.IdempotencyKey == "long-1")), seen => seen);
            await Task.Delay(100);

            await node.Suspend(owner, SuspensionReason.OwnerRequest, "stop talking");
            var suspendReturned = System.Diagnostics.Stopwatch.GetTimestamp();

            var ex = await Assert.ThrowsAsync<DeepSyncException>(() => streaming);
            Assert.Equal(DeepSyncError.NodeSuspended, ex.Code);
            var stream = Assert.Single(fixture.Runtime.StreamsOf($"agent-{nodeId:N}", "long-1"));
            await Eventually.Until(() => Task.FromResult(stream.EndedTicks), ended => ended is not null);
            Assert.NotNull(stream.TokenCancelledTicks);
            Assert.Equal(0, stream.ChunksAfterCancel);
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(suspendReturned, stream.EndedTicks!.Value) <= TimeSpan.FromMilliseconds(100));
            Assert.Contains($"agent-{nodeId:N}/telegram", fixture.Runtime.Cancelled);
            Assert.Contains(fixture.Ledger.ForNode(nodeId), e => e.Action == AuditAction.AgentRunCancelled);
        }
        finally
        {
            fixture.Runtime.ExtraChunks = 0;
            fixture.Runtime.ChunkDelay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Resume_redeploys_with_a_fresh_credential()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        await node.Launch(owner);
        var first = await WaitFor(node, owner, NodeLifecycle.Running);
        var oldToken = fixture.Host.Variables[first.Hosting!.ServiceId!]["DEEPSYNC_NODE_TOKEN"];
        await node.Suspend(owner, SuspensionReason.OwnerRequest, "pause");
        await WaitFor(node, owner, NodeLifecycle.Stopped);

        await node.Resume(owner);
        var again = await WaitFor(node, owner, NodeLifecycle.Running);

        Assert.NotEqual(first.Hosting.DeploymentId, again.Hosting?.DeploymentId);
        var newToken = fixture.Host.Variables[again.Hosting!.ServiceId!]["DEEPSYNC_NODE_TOKEN"];
        Assert.NotEqual(oldToken, newToken);
        Assert.False(await fixture.Credentials.VerifyAsync(nodeId, oldToken));
        Assert.True(await fixture.Credentials.VerifyAsync(nodeId, newToken));
    }

    [Fact]
    public async Task A_sleeping_node_is_woken_by_a_message_which_is_then_delivered()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        await node.Launch(owner);
        var running = await WaitFor(node, owner, NodeLifecycle.Running);

        var asleep = await node.Sleep(owner);
        Assert.Equal(NodeLifecycle.Sleeping, asleep.Lifecycle);
        var reply = await node.SendMessage(owner, Message("wake up"));

        Assert.Equal("echo: wake up", reply.Text);
        Assert.Equal(NodeLifecycle.Running, (await node.Get(owner)).Lifecycle);
        var service = running.Hosting!.ServiceId!;
        Assert.Equal(["replicas", "replicas"], fixture.Host.Calls.Where(c => c.Argument.StartsWith(service + "=")).Select(c => c.Operation));
        Assert.Equal([$"{service}=0", $"{service}=1"], fixture.Host.Calls.Where(c => c.Operation == "replicas" && c.Argument.StartsWith(service)).Select(c => c.Argument));
        Assert.Contains("waking_up", Steps(nodeId));
    }

    [Fact]
    public async Task An_idle_running_node_falls_asleep_after_the_configured_idle_time()
    {
        var (owner, node, _) = await AlphaAsync();
        await node.Launch(owner);
        await WaitFor(node, owner, NodeLifecycle.Running);

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));

        var asleep = await WaitFor(node, owner, NodeLifecycle.Sleeping);
        Assert.Equal("sleeping", asleep.Hosting?.Step);
    }

    [Fact]
    public async Task Observers_see_each_committed_change_live()
    {
        var (owner, node, _) = await AlphaAsync();
        var observer = new RecordingObserver();
        var reference = fixture.Grains.CreateObjectReference<INodeObserver>(observer);
        await node.Subscribe(owner, reference);

        await node.Launch(owner);
        await WaitFor(node, owner, NodeLifecycle.Running);
        await node.Suspend(owner, SuspensionReason.OwnerRequest, "watch this");

        await Eventually.Until(() => Task.FromResult(observer.Events.ToList()), events => events.Contains(AuditAction.NodeSuspended));
        Assert.Contains("agent_ready", observer.Events);
        Assert.Equal(owner, observer.Changes.First(c => c.Event == AuditAction.NodeSuspended).Initiator);
        Assert.True(observer.Changes.First(c => c.Event == AuditAction.NodeSuspended).Snapshot.IsSuspended);
        Assert.True(observer.Events.ToList().IndexOf("agent_ready") < observer.Events.ToList().IndexOf(AuditAction.NodeSuspended));

        var (_, stranger, _) = await Users.NewAsync(fixture.Grains);
        Assert.Equal(DeepSyncError.NodeNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => node.Subscribe(stranger, reference))).Code);
        await node.Unsubscribe(reference);
    }

    private sealed class RecordingObserver : INodeObserver
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Events { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<NodeChange> Changes { get; } = new();

        public void OnNodeChanged(NodeChange change)
        {
            Changes.Enqueue(change);
            Events.Enqueue(change.Event);
        }

        public void OnChatEvent(DeepSync.Conversations.ChatEvent chatEvent)
        {
        }
    }
}

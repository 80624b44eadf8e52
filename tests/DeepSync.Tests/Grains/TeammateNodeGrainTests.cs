using System.Diagnostics;
using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class TeammateNodeGrainTests(GrainClusterFixture fixture)
{
    private async Task<(Guid UserId, Actor Owner, ITeammateNodeGrain Node, Guid NodeId)> AlphaAsync()
    {
        var (userId, owner, subscription) = await Users.NewAsync(fixture.Grains);
        var nodeId = subscription.NodeIds[0];
        return (userId, owner, fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId), nodeId);
    }

    private static NodeMessage Message(string text, string? key = null) => new("web", "owner", text, key ?? Guid.NewGuid().ToString());

    private static string AgentOf(Guid nodeId) => $"agent-{nodeId:N}";

    private static Task<NodeSnapshot> RunningAsync(ITeammateNodeGrain node, Actor owner) =>
        node.Launch(owner).ContinueWith(_ => Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running)).Unwrap();

    [Fact]
    public async Task Unknown_and_foreign_nodes_are_both_not_found()
    {
        var (_, _, node, _) = await AlphaAsync();
        var (_, stranger, _) = await Users.NewAsync(fixture.Grains);

        var foreign = await Assert.ThrowsAsync<DeepSyncException>(() => node.Get(stranger));
        var unknownId = Guid.NewGuid();
        var unknown = await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ITeammateNodeGrain>(unknownId).Get(stranger));
        var foreignSuspend = await Assert.ThrowsAsync<DeepSyncException>(() => node.Suspend(stranger, SuspensionReason.OwnerRequest, "mine now"));

        Assert.Equal(DeepSyncError.NodeNotFound, foreign.Code);
        Assert.Equal(DeepSyncError.NodeNotFound, unknown.Code);
        Assert.Equal(DeepSyncError.NodeNotFound, foreignSuspend.Code);
        Assert.Equal($"Node {unknownId} was not found.", unknown.Message);
    }

    [Fact]
    public async Task Rename_is_validated_audited_and_reaches_the_directory()
    {
        var (userId, owner, node, nodeId) = await AlphaAsync();

        var renamed = await node.UpdateProfile(owner, new NodeProfile("  Scout Leader ", "lead-1", "Lead", "Lisbon"));

        Assert.Equal("Scout Leader", renamed.Profile.Name);
        Assert.Equal("LEAD-1", renamed.Profile.Callsign);
        var entry = Assert.Single(fixture.Ledger.ForNode(nodeId), e => e.Action == AuditAction.NodeRenamed);
        Assert.Equal("Alpha-1", entry.Details["from_name"]);
        Assert.Equal("Scout Leader", entry.Details["to_name"]);
        Assert.Equal(owner, entry.Initiator);
        Assert.Equal(userId, entry.UserId);
        Assert.Equal("Scout Leader", fixture.Directory.Find(nodeId)?.Name);

        var bad = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateProfile(owner, new NodeProfile(new string('x', 41), "OK", "", "")));
        Assert.Equal(DeepSyncError.ValidationFailed, bad.Code);
        Assert.Equal("Scout Leader", (await node.Get(owner)).Profile.Name);
    }

    [Fact]
    public async Task After_suspend_returns_every_call_that_would_reach_the_agent_is_refused()
    {
        var (_, owner, node, nodeId) = await AlphaAsync();
        await RunningAsync(node, owner);
        var reply = await node.SendMessage(owner, Message("hello"));
        Assert.Equal("echo: hello", reply.Text);

        await node.Suspend(owner, SuspensionReason.OwnerRequest, "taking a break");
        var reached = fixture.Runtime.Messages.Count(t => t.Message.AgentId == AgentOf(nodeId));

        var send = await Assert.ThrowsAsync<DeepSyncException>(() => node.SendMessage(owner, Message("are you there?")));
        var launch = await Assert.ThrowsAsync<DeepSyncException>(() => node.Launch(owner));

        var post = await Assert.ThrowsAsync<DeepSyncException>(() => node.Post(owner, Message("queued?")));

        Assert.Equal(DeepSyncError.NodeSuspended, send.Code);
        Assert.Equal(DeepSyncError.NodeSuspended, launch.Code);
        Assert.Equal(DeepSyncError.NodeSuspended, post.Code);
        Assert.Contains("suspended", send.Message);
        Assert.Empty(await node.GetQueue(owner));
        Assert.Equal(reached, fixture.Runtime.Messages.Count(t => t.Message.AgentId == AgentOf(nodeId)));
        var stopped = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Stopped);
        Assert.True(stopped.IsSuspended);
    }

    [Fact]
    public async Task No_message_reaches_the_agent_after_suspend_returns_even_under_concurrent_senders()
    {
        var (_, owner, node, nodeId) = await AlphaAsync();
        await RunningAsync(node, owner);
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 8).Select(s => Task.Run(async () =>
        {
            var refused = 0;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await node.SendMessage(owner, Message($"sender {s} message {i}"));
                }
                catch (DeepSyncException ex) when (ex.Code == DeepSyncError.NodeSuspended)
                {
                    if (++refused >= 3)
                    {
                        return refused;
                    }
                }
            }

            return refused;
        })).ToList();

        await Task.Delay(200);
        await node.Suspend(Users.Operator, SuspensionReason.Operator, "load test");
        var suspendedAt = Stopwatch.GetTimestamp();
        var refusals = await Task.WhenAll(senders);
        stop.Cancel();

        Assert.All(refusals, r => Assert.Equal(3, r));
        Assert.Contains(fixture.Runtime.Messages, t => t.Message.AgentId == AgentOf(nodeId));
        Assert.DoesNotContain(fixture.Runtime.Messages, t => t.Message.AgentId == AgentOf(nodeId) && t.ArrivedTicks > suspendedAt);
    }

    [Fact]
    public async Task Owner_resumes_only_their_own_suspension()
    {
        var (_, owner, node, nodeId) = await AlphaAsync();

        await node.Suspend(owner, SuspensionReason.OwnerRequest, "pause");
        var resumed = await node.Resume(owner);
        Assert.False(resumed.IsSuspended);

        await node.Suspend(Users.Operator, SuspensionReason.Operator, "investigating");
        var ownerTry = await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner));
        Assert.Equal(DeepSyncError.Forbidden, ownerTry.Code);
        Assert.Equal("This node was suspended by an operator; only an operator can resume it.", ownerTry.Message);
        Assert.True((await node.Get(owner)).IsSuspended);

        Assert.False((await node.Resume(Users.Operator)).IsSuspended);

        var entries = fixture.Ledger.ForNode(nodeId);
        Assert.Equal(2, entries.Count(e => e.Action == AuditAction.NodeSuspended));
        Assert.Equal(2, entries.Count(e => e.Action == AuditAction.NodeResumed));
        var operatorSuspension = entries.Last(e => e.Action == AuditAction.NodeSuspended);
        Assert.Equal(Users.Operator, operatorSuspension.Initiator);
        Assert.Equal("operator", operatorSuspension.Details["reason"]);
        Assert.Equal("investigating", operatorSuspension.Details["detail"]);
    }

    [Fact]
    public async Task Strike_suspensions_are_lifted_only_by_an_operator()
    {
        var (_, owner, node, _) = await AlphaAsync();
        await node.Suspend(Actor.ForPolicy("three-strikes policy"), SuspensionReason.SecurityStrikes, "3 strikes in 24 h");

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner));
        Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        Assert.Contains("three-strikes", ex.Message);
        Assert.False((await node.Resume(Users.Operator)).IsSuspended);
    }

    [Fact]
    public async Task Owners_cannot_pretend_to_be_operators_or_policies()
    {
        var (_, owner, node, _) = await AlphaAsync();

        foreach (var reason in new[] { SuspensionReason.Operator, SuspensionReason.SecurityStrikes, SuspensionReason.OverPlanLimit })
        {
            var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Suspend(owner, reason, "x"));
            Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        }

        Assert.False((await node.Get(owner)).IsSuspended);
    }

    [Fact]
    public async Task Resuming_a_node_that_is_not_suspended_is_a_conflict()
    {
        var (_, owner, node, _) = await AlphaAsync();
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner));
        Assert.Equal(DeepSyncError.Conflict, ex.Code);
    }

    [Fact]
    public async Task A_retried_message_is_answered_once()
    {
        var (_, owner, node, nodeId) = await AlphaAsync();
        await RunningAsync(node, owner);

        var first = await node.SendMessage(owner, Message("once", "key-1"));
        var again = await node.SendMessage(owner, Message("once", "key-1"));

        var reposted = await node.Post(owner, Message("once", "key-1"));

        Assert.Equal(first, again);
        Assert.True(reposted.Duplicate);
        Assert.Empty(await node.GetQueue(owner));
        Assert.Single(fixture.Runtime.Messages, t => t.Message.AgentId == AgentOf(nodeId) && t.Message.IdempotencyKey == "key-1");
    }

    [Fact]
    public async Task Deleted_nodes_stop_counting_and_refuse_everything()
    {
        var (userId, owner, node, nodeId) = await AlphaAsync();
        var subscription = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        await subscription.DeleteNode(owner, nodeId);

        Assert.Empty((await subscription.Get(owner)).NodeIds);
        Assert.Equal(DeepSyncError.NodeDeleted, (await Assert.ThrowsAsync<DeepSyncException>(() => node.Launch(owner))).Code);
        Assert.Equal(NodeLifecycle.Deleted, fixture.Directory.Find(nodeId)?.Lifecycle);
        Assert.Contains(fixture.Ledger.ForNode(nodeId), e => e.Action == AuditAction.NodeDeleted);
        var created = await subscription.CreateNode(owner, new NodeProfile("Fresh", "FRESH", "", ""), "after-delete");
        Assert.Equal([created.NodeId], (await subscription.Get(owner)).NodeIds);
    }

    [Fact]
    public async Task Ledger_outage_does_not_fail_the_change_and_the_entries_arrive_once_it_returns()
    {
        var (_, owner, node, nodeId) = await AlphaAsync();
        fixture.Ledger.Available = false;
        try
        {
            var renamed = await node.UpdateProfile(owner, new NodeProfile("During outage", "OUTAGE", "", ""));
            Assert.Equal("During outage", renamed.Profile.Name);
            Assert.DoesNotContain(fixture.Ledger.ForNode(nodeId), e => e.Action == AuditAction.NodeRenamed);
        }
        finally
        {
            fixture.Ledger.Available = true;
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!fixture.Ledger.ForNode(nodeId).Any(e => e.Action == AuditAction.NodeRenamed) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Single(fixture.Ledger.ForNode(nodeId), e => e.Action == AuditAction.NodeRenamed);
    }

    [Fact]
    public async Task The_free_period_rolls_over_monthly_from_sign_up_and_resets_the_pool()
    {
        var (userId, owner, subscription) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        await fixture.Grains.GetGrain<ISubscriptionPlatformGrain>(userId).RecordVoiceUsage(Users.Platform, subscription.NodeIds[0], 600);
        await grain.GrantVoiceMinutes(Users.Operator, 5, "trial");

        fixture.Clock.Advance(TimeSpan.FromDays(32));
        var next = await grain.Get(owner);

        Assert.Equal(subscription.PeriodEnd, next.PeriodStart);
        Assert.Equal(subscription.PeriodStart.AddMonths(2), next.PeriodEnd);
        Assert.Equal(0, next.Voice.UsedSeconds);
        Assert.Equal(0, next.Voice.GrantedMinutes);
    }
}

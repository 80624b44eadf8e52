using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class ThreeStrikesTests(GrainClusterFixture fixture)
{
    private static readonly Actor Guard = Actor.ForPolicy("egress guard");

    private async Task<(Guid UserId, Actor Owner, ISubscriptionGrain Subscription, Guid[] Nodes)> UserWithTwoNodesAsync()
    {
        var (userId, owner, subscription) = await Users.NewAsync(fixture.Grains, WellKnownTiers.CommandPro);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        var second = await grain.CreateNode(owner, new NodeProfile("Bravo-2", "BRAVO-2", "", ""), "second");
        return (userId, owner, grain, [subscription.NodeIds[0], second.NodeId]);
    }

    [Fact]
    public async Task Three_strikes_in_24_hours_across_nodes_suspend_every_node_of_the_user()
    {
        var (userId, owner, subscription, nodes) = await UserWithTwoNodesAsync();

        Assert.Equal(new StrikeOutcome(1, false), await subscription.RecordStrike(nodes[0], StrikeSeverity.Medium, "curl", "curl evil.example", Guard));
        Assert.Equal(new StrikeOutcome(2, false), await subscription.RecordStrike(nodes[1], StrikeSeverity.High, "rm -rf", "rm -rf /", Guard));
        Assert.False((await fixture.Grains.GetGrain<ITeammateNodeGrain>(nodes[0]).Get(owner)).IsSuspended);
        Assert.Equal(new StrikeOutcome(3, true), await subscription.RecordStrike(nodes[1], StrikeSeverity.Medium, "nc", "nc -l 4444", Guard));

        foreach (var nodeId in nodes)
        {
            var node = fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId);
            var suspension = (await node.Get(owner)).Suspension;
            Assert.Equal(SuspensionReason.SecurityStrikes, suspension?.Reason);
            Assert.Equal("three-strikes policy", suspension?.Initiator.Id);
            Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner))).Code);
            Assert.Equal(DeepSyncError.NodeSuspended, (await Assert.ThrowsAsync<DeepSyncException>(() => node.SendMessage(owner, new NodeMessage("web", "o", "hi", Guid.NewGuid().ToString())))).Code);
        }

        var strikes = fixture.Ledger.Entries.Where(e => e.UserId == userId && e.Action == AuditAction.StrikeRecorded).ToList();
        Assert.Equal(["1", "2", "3"], strikes.Select(s => s.Details["strikes_in_24h"]));
        Assert.Equal("high", strikes[1].Details["severity"]);
        Assert.Equal(nodes[1], strikes[1].NodeId);
    }

    [Fact]
    public async Task A_strike_exactly_24_hours_old_no_longer_counts_but_one_a_second_younger_does()
    {
        var (_, owner, subscription, nodes) = await UserWithTwoNodesAsync();

        await subscription.RecordStrike(nodes[0], StrikeSeverity.Low, "wget", "first", Guard);
        fixture.Clock.Advance(TimeSpan.FromHours(12));
        await subscription.RecordStrike(nodes[0], StrikeSeverity.Low, "wget", "second", Guard);
        fixture.Clock.Advance(TimeSpan.FromHours(12));

        // The first strike is now exactly 24 h old: out of the window.
        Assert.Equal(new StrikeOutcome(2, false), await subscription.RecordStrike(nodes[1], StrikeSeverity.Low, "wget", "third", Guard));
        Assert.False((await fixture.Grains.GetGrain<ITeammateNodeGrain>(nodes[1]).Get(owner)).IsSuspended);

        // The second strike is 12 h old, the third brand new: one more a second before the second expires makes three.
        fixture.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal(new StrikeOutcome(3, true), await subscription.RecordStrike(nodes[1], StrikeSeverity.Low, "wget", "fourth", Guard));
        Assert.True((await fixture.Grains.GetGrain<ITeammateNodeGrain>(nodes[0]).Get(owner)).IsSuspended);
    }

    [Fact]
    public async Task Users_cannot_record_strikes_and_strikes_need_a_node_of_the_user()
    {
        var (_, owner, subscription, _) = await UserWithTwoNodesAsync();
        var (_, _, other) = await Users.NewAsync(fixture.Grains);

        Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() =>
            subscription.RecordStrike(other.NodeIds[0], StrikeSeverity.Low, "x", "y", owner))).Code);
        Assert.Equal(DeepSyncError.NodeNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() =>
            subscription.RecordStrike(other.NodeIds[0], StrikeSeverity.Low, "x", "y", Guard))).Code);
    }
}

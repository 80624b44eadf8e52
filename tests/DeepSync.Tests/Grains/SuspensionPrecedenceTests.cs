using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

/// <summary>An owner cannot shield their node from an operator by suspending it first.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class SuspensionPrecedenceTests(GrainClusterFixture fixture)
{
    private async Task<(Actor Owner, ITeammateNodeGrain Node, Guid NodeId)> AlphaAsync()
    {
        var (_, owner, subscription) = await Users.NewAsync(fixture.Grains);
        return (owner, fixture.Grains.GetGrain<ITeammateNodeGrain>(subscription.NodeIds[0]), subscription.NodeIds[0]);
    }

    [Fact]
    public async Task An_operator_suspension_replaces_the_owners_own_and_the_owner_can_no_longer_lift_it()
    {
        var (owner, node, nodeId) = await AlphaAsync();
        await node.Suspend(owner, SuspensionReason.OwnerRequest, "pause");

        var snapshot = await node.Suspend(Users.Operator, SuspensionReason.Operator, "investigating");

        Assert.Equal(SuspensionReason.Operator, snapshot.Suspension?.Reason);
        Assert.Equal(Users.Operator, snapshot.Suspension?.Initiator);
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner));
        Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        Assert.True((await node.Get(owner)).IsSuspended);
        var entry = fixture.Ledger.ForNode(nodeId).Last(e => e.Action == AuditAction.NodeSuspended);
        Assert.Equal("owner_request", entry.Details["supersedes"]);
        Assert.False((await node.Resume(Users.Operator)).IsSuspended);
    }

    [Fact]
    public async Task A_strike_suspension_replaces_the_owners_own()
    {
        var (owner, node, _) = await AlphaAsync();
        await node.Suspend(owner, SuspensionReason.OwnerRequest, "pause");

        await node.Suspend(StrikePolicy.Initiator, SuspensionReason.SecurityStrikes, "3 strikes in 24 h");

        Assert.Equal(SuspensionReason.SecurityStrikes, (await node.Get(owner)).Suspension?.Reason);
        Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner))).Code);
    }

    [Fact]
    public async Task An_owner_suspension_does_not_replace_an_operators()
    {
        var (owner, node, _) = await AlphaAsync();
        await node.Suspend(Users.Operator, SuspensionReason.Operator, "investigating");

        var snapshot = await node.Suspend(owner, SuspensionReason.OwnerRequest, "mine");

        Assert.Equal(SuspensionReason.Operator, snapshot.Suspension?.Reason);
        Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(owner))).Code);
    }
}

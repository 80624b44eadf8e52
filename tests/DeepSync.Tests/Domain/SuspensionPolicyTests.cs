using DeepSync.Governance;

namespace DeepSync.Tests.Domain;

public sealed class SuspensionPolicyTests
{
    [Theory]
    [InlineData(SuspensionReason.Operator, SuspensionReason.OwnerRequest, true)]
    [InlineData(SuspensionReason.SecurityStrikes, SuspensionReason.OwnerRequest, true)]
    [InlineData(SuspensionReason.OverPlanLimit, SuspensionReason.OwnerRequest, true)]
    [InlineData(SuspensionReason.Operator, SuspensionReason.OverPlanLimit, true)]
    [InlineData(SuspensionReason.SecurityStrikes, SuspensionReason.OverPlanLimit, true)]
    [InlineData(SuspensionReason.OwnerRequest, SuspensionReason.Operator, false)]
    [InlineData(SuspensionReason.OwnerRequest, SuspensionReason.SecurityStrikes, false)]
    [InlineData(SuspensionReason.OwnerRequest, SuspensionReason.OverPlanLimit, false)]
    [InlineData(SuspensionReason.OverPlanLimit, SuspensionReason.Operator, false)]
    [InlineData(SuspensionReason.Operator, SuspensionReason.SecurityStrikes, false)]
    [InlineData(SuspensionReason.SecurityStrikes, SuspensionReason.Operator, false)]
    [InlineData(SuspensionReason.OwnerRequest, SuspensionReason.OwnerRequest, false)]
    [InlineData(SuspensionReason.Operator, SuspensionReason.Operator, false)]
    public void A_suspension_the_owner_may_not_lift_replaces_one_they_may(SuspensionReason incoming, SuspensionReason current, bool supersedes)
    {
        Assert.Equal(supersedes, SuspensionPolicy.Supersedes(incoming, current));
    }

    [Theory]
    [InlineData(SuspensionReason.OwnerRequest, true)]
    [InlineData(SuspensionReason.Operator, false)]
    [InlineData(SuspensionReason.SecurityStrikes, false)]
    [InlineData(SuspensionReason.OverPlanLimit, false)]
    public void An_owner_lifts_only_their_own_suspension(SuspensionReason reason, bool mayResume)
    {
        var owner = Guid.NewGuid();
        var suspension = new Suspension(reason, "", Actor.ForSystem("x"), DateTimeOffset.UnixEpoch);

        Assert.Equal(mayResume, SuspensionPolicy.MayResume(Actor.ForUser(owner, "owner"), owner, suspension));
        Assert.True(SuspensionPolicy.MayResume(Actor.ForOperator("ops", "Ops"), owner, suspension));
    }
}

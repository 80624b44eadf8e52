using DeepSync.Billing;
using DeepSync.Governance;

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// Creates nodes the way production does: one subscription per user, whose provisioning creates the
/// first node "Alpha-1". The default tier allows one node, so N nodes need N subscriptions.
/// </summary>
public sealed class FleetProvisioner(IGrainFactory grains)
{
    public async Task<IReadOnlyList<FleetMember>> ProvisionAsync(int count, int parallelism)
    {
        var members = new FleetMember[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) =>
            {
                var userId = Guid.NewGuid();
                var subscription = await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), $"bench-{userId:N}@example.test");
                members[i] = new FleetMember(subscription.NodeIds.Single(), Actor.ForUser(userId, "bench"));
            });
        return members;
    }
}

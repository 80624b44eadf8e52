using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Fleet;

/// <summary>
/// The signed-in user's own fleet: their subscription and teammates, creating a teammate under the plan's
/// limit (the subscription grain decides; nothing here repeats its rule) and asking for a bigger plan.
/// </summary>
public sealed class FleetService(IGrainFactory grains)
{
    private static ISubscriptionGrain SubscriptionOf(IGrainFactory grains, Actor actor) =>
        grains.GetGrain<ISubscriptionGrain>(actor.UserId ?? throw new DeepSyncException(DeepSyncError.Forbidden, "Only a signed-in user has a fleet."));

    /// <summary>Sets up a new account's subscription and first teammate (at sign-up, as that account's user); idempotent.</summary>
    public Task<SubscriptionSnapshot> ProvisionAsync(Actor newUser, string email) => SubscriptionOf(grains, newUser).Provision(newUser, email);

    /// <summary>The caller's subscription; an account whose sign-up provisioning did not complete is provisioned now.</summary>
    public async Task<SubscriptionSnapshot> SubscriptionAsync(Actor actor, string email)
    {
        var subscription = SubscriptionOf(grains, actor);
        try
        {
            return await subscription.Get(actor);
        }
        catch (DeepSyncException ex) when (ex.Code == DeepSyncError.SubscriptionNotFound)
        {
            await subscription.Provision(actor, email);
            return await subscription.Get(actor);
        }
    }

    public async Task<FleetView> LoadAsync(Actor actor, string email)
    {
        var subscription = await SubscriptionAsync(actor, email);
        var nodes = await Task.WhenAll(subscription.NodeIds.Select(id => grains.GetGrain<ITeammateNodeGrain>(id).Get(actor)));
        return new FleetView(subscription, nodes.Where(n => n.Lifecycle != NodeLifecycle.Deleted).OrderBy(n => n.CreatedAt).ToList());
    }

    /// <summary>Creates a teammate; beyond the plan's limit the grain refuses with <see cref="DeepSyncError.NodeLimitReached"/>.</summary>
    public Task<NodeSnapshot> CreateAsync(Actor actor, NodeProfile profile, string requestId) => SubscriptionOf(grains, actor).CreateNode(actor, profile, requestId);

    /// <summary>Asks operators to move the caller to <paramref name="tierId"/> (until checkout ships); recorded in the ledger.</summary>
    public Task RequestUpgradeAsync(Actor actor, string tierId) => SubscriptionOf(grains, actor).RequestUpgrade(actor, tierId);
}

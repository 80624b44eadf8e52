using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Web.Application.Tiers;

namespace DeepSync.Web.Application.Plan;

/// <summary>The caller's plan and usage. Message counts cover only the nodes of the caller's own subscription.</summary>
public sealed class PlanService(IGrainFactory grains, MessageCounts messages, TierCatalog tiers)
{
    public async Task<PlanView> LoadAsync(Actor actor)
    {
        var userId = actor.UserId ?? throw new DeepSyncException(DeepSyncError.Forbidden, "Only a signed-in user has a plan.");
        var subscription = await grains.GetGrain<ISubscriptionGrain>(userId).Get(actor);
        var nodes = await Task.WhenAll(subscription.NodeIds.Select(id => grains.GetGrain<ITeammateNodeGrain>(id).Get(actor)));
        var perDay = await messages.PerDayAsync(subscription.NodeIds, subscription.PeriodStart, subscription.PeriodEnd);
        return new PlanView(subscription, nodes, await tiers.ActiveAsync(), perDay);
    }
}

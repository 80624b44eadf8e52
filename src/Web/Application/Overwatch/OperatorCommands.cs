using DeepSync.Billing;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Overwatch;

/// <summary>What operators do to a user's subscription: look it up, grant voice minutes, change the plan. The subscription grain checks the operator.</summary>
public sealed class OperatorCommands(IGrainFactory grains)
{
    private ISubscriptionGrain Subscription(Guid userId) => grains.GetGrain<ISubscriptionGrain>(userId);

    public Task<SubscriptionSnapshot> SubscriptionAsync(Actor actor, Guid userId)
    {
        Access.RequireOperator(actor);
        return Subscription(userId).Get(actor);
    }

    public Task<VoicePool> GrantVoiceMinutesAsync(Actor actor, Guid userId, int minutes, string reason) => Subscription(userId).GrantVoiceMinutes(actor, minutes, reason);

    public Task<SubscriptionSnapshot> ChangePlanAsync(Actor actor, Guid userId, string tierId) => Subscription(userId).ChangeTier(actor, tierId);
}

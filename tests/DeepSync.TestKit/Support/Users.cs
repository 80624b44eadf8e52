using DeepSync.Billing;
using DeepSync.Governance;

namespace DeepSync.Tests.Support;

/// <summary>Helpers to provision users in a cluster.</summary>
public static class Users
{
    public static readonly Actor Operator = Actor.ForOperator("ops@deepsync.test", "Ops");

    /// <summary>The platform, as the voice plane and other platform-only callers present themselves.</summary>
    public static readonly Actor Platform = Actor.ForSystem("voice-metering");

    public static async Task<(Guid UserId, Actor Actor, SubscriptionSnapshot Subscription)> NewAsync(IGrainFactory grains, string? tierId = null)
    {
        var userId = Guid.NewGuid();
        var subscription = await grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), $"user-{userId:N}@example.test");
        if (tierId is not null)
        {
            subscription = await grains.GetGrain<ISubscriptionGrain>(userId).ChangeTier(Operator, tierId);
        }

        return (userId, Actor.ForUser(userId, "user"), subscription);
    }
}

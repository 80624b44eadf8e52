using DeepSync.Governance;

namespace DeepSync.Billing;

/// <summary>
/// What only the platform calls on a subscription (the same grain as <see cref="ISubscriptionGrain"/>):
/// metering reported by the voice plane. Kept apart from what users and operators call so that pages
/// cannot reach it; each method also refuses any caller that is not a <see cref="ActorKind.System"/> actor.
/// </summary>
[Alias("DeepSync.Billing.ISubscriptionPlatformGrain")]
public interface ISubscriptionPlatformGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Adds metered voice seconds for one of the subscription's nodes to the current period's pool.
    /// <c>Forbidden</c> unless <paramref name="platform"/> is a system actor; <c>NodeNotFound</c> for a node
    /// of another subscription.
    /// </summary>
    [Alias("RecordVoiceUsage")]
    Task<VoicePool> RecordVoiceUsage(Actor platform, Guid nodeId, long seconds);
}

using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Billing;

/// <summary>
/// One user's subscription, keyed by user id: tier, billing period (rolled over lazily on access),
/// voice-minute pool and the node list. It is the only place nodes are created, so the tier's node
/// limit holds under any concurrency: calls are processed one at a time. What only the platform calls
/// is on <see cref="ISubscriptionPlatformGrain"/>.
/// </summary>
[Alias("DeepSync.Billing.ISubscriptionGrain")]
public interface ISubscriptionGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Sets up a new user: the default tier, a first period starting now and the first node
    /// "Alpha-1". Idempotent: a second call returns the existing subscription. Only the account's own
    /// user (at sign-up) or the platform may call it; anyone else gets <c>Forbidden</c>.
    /// </summary>
    [Alias("Provision")]
    Task<SubscriptionSnapshot> Provision(Actor actor, string email);

    /// <summary>The subscription as <paramref name="actor"/> (the user or an operator) may see it.</summary>
    [Alias("Get")]
    Task<SubscriptionSnapshot> Get(Actor actor);

    /// <summary>
    /// Creates a node under the tier's node limit (<c>NodeLimitReached</c> beyond it). A repeated
    /// <paramref name="requestId"/> returns the node the first request created.
    /// </summary>
    [Alias("CreateNode")]
    Task<NodeSnapshot> CreateNode(Actor actor, NodeProfile profile, string requestId);

    /// <summary>Moves the subscription to another tier (operators and the platform). Excess nodes are suspended, newest first.</summary>
    [Alias("ChangeTier")]
    Task<SubscriptionSnapshot> ChangeTier(Actor actor, string tierId);

    /// <summary>Adds voice minutes to the current period (operators only).</summary>
    [Alias("GrantVoiceMinutes")]
    Task<VoicePool> GrantVoiceMinutes(Actor actor, int minutes, string reason);

    /// <summary>
    /// Records a security strike against one of the user's nodes. When the user's nodes have
    /// collected <c>3</c> strikes within a rolling 24 hours, every node of the user is suspended by the
    /// three-strikes policy. Callers go to the subscription directly (never through the node grain),
    /// because the subscription calls its nodes to suspend them.
    /// </summary>
    [Alias("RecordStrike")]
    Task<StrikeOutcome> RecordStrike(Guid nodeId, StrikeSeverity severity, string rule, string detail, Actor initiator);

    /// <summary>Deletes one of the subscription's nodes; it stops counting toward the limit.</summary>
    [Alias("DeleteNode")]
    Task DeleteNode(Actor actor, Guid nodeId);

    /// <summary>
    /// The user asks operators to move them to <paramref name="tierId"/> (an active tier other than their
    /// own). Recorded in the ledger, where Overwatch lists it until the plan changes. Until billing ships
    /// this is how a user at the node limit moves up.
    /// </summary>
    [Alias("RequestUpgrade")]
    Task RequestUpgrade(Actor actor, string tierId);
}

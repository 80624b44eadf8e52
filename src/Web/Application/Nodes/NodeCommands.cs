using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Nodes;

/// <summary>
/// What people do to one teammate: read it, launch, stop, sleep, wake, suspend, resume, rename and delete.
/// Every call carries the actor the page built from the signed-in principal; the node grain decides
/// whether that actor may (a foreign node answers "not found", like an unknown one).
/// </summary>
public sealed class NodeCommands(IGrainFactory grains)
{
    private ITeammateNodeGrain Node(Guid nodeId) => grains.GetGrain<ITeammateNodeGrain>(nodeId);

    public Task<NodeSnapshot> GetAsync(Actor actor, Guid nodeId) => Node(nodeId).Get(actor);

    public Task<NodeSnapshot> LaunchAsync(Actor actor, Guid nodeId) => Node(nodeId).Launch(actor);

    public Task<NodeSnapshot> StopAsync(Actor actor, Guid nodeId) => Node(nodeId).Stop(actor);

    public Task<NodeSnapshot> SleepAsync(Actor actor, Guid nodeId) => Node(nodeId).Sleep(actor);

    public Task<NodeSnapshot> WakeAsync(Actor actor, Guid nodeId) => Node(nodeId).Wake(actor);

    public Task<NodeSnapshot> ResumeAsync(Actor actor, Guid nodeId) => Node(nodeId).Resume(actor);

    public Task<NodeSnapshot> UpdateProfileAsync(Actor actor, Guid nodeId, NodeProfile profile) => Node(nodeId).UpdateProfile(actor, profile);

    /// <summary>The kill switch: an operator suspends as an operator, anyone else as the owner.</summary>
    public Task<NodeSnapshot> SuspendAsync(Actor actor, Guid nodeId, string reason) =>
        Node(nodeId).Suspend(actor, actor.IsOperator ? SuspensionReason.Operator : SuspensionReason.OwnerRequest, reason);

    /// <summary>
    /// Deletes the teammate through its owner's subscription, which frees the slot; the node removes its
    /// container and records the deletion in the ledger.
    /// </summary>
    public Task DeleteAsync(Actor actor, NodeSnapshot node) => grains.GetGrain<ISubscriptionGrain>(node.OwnerId).DeleteNode(actor, node.NodeId);
}

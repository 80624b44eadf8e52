using DeepSync.Conversations;
using DeepSync.Governance;
using DeepSync.Memory;
using Orleans.Concurrency;

namespace DeepSync.Fleet;

/// <summary>
/// One teammate node, keyed by node id. Owns its profile, lifecycle and suspension, and is the only
/// way anything reaches the node's agent: suspension is checked here, so once <see cref="Suspend"/>
/// returns no later message gets through. Every method checks that <c>actor</c> owns the node or is
/// an operator; a foreign user gets <c>NodeNotFound</c>, exactly like an unknown id. What only the
/// platform calls is on <see cref="ITeammateNodePlatformGrain"/>.
/// </summary>
[Alias("DeepSync.Fleet.ITeammateNodeGrain")]
public interface ITeammateNodeGrain : IGrainWithGuidKey
{
    /// <summary>The node as <paramref name="actor"/> may see it.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<NodeSnapshot> Get(Actor actor);

    /// <summary>Changes name, callsign, role and location. Validated; a rename is audited.</summary>
    [Alias("UpdateProfile")]
    Task<NodeSnapshot> UpdateProfile(Actor actor, NodeProfile profile);

    /// <summary>
    /// Starts the node on its host. Returns at once in <c>Provisioning</c>; the node walks through
    /// service created, variables set, deployment building/deploying/success and agent ready, each step
    /// an observer event and an audit entry, and resumes after a silo restart. Refused while suspended.
    /// </summary>
    [Alias("Launch")]
    Task<NodeSnapshot> Launch(Actor actor);

    /// <summary>Scales the node's container to zero; the next message wakes it.</summary>
    [Alias("Sleep")]
    Task<NodeSnapshot> Sleep(Actor actor);

    /// <summary>Wakes a sleeping node; returns at once, the node turns Running when its container serves again.</summary>
    [Alias("Wake")]
    Task<NodeSnapshot> Wake(Actor actor);

    /// <summary>Stops the node on its host (it keeps its memory and stays in the fleet).</summary>
    [Alias("Stop")]
    Task<NodeSnapshot> Stop(Actor actor);

    /// <summary>
    /// The kill switch: from the moment this returns, every call that would reach the agent is
    /// refused with <c>NodeSuspended</c>. Owners may suspend their own node; operators any node.
    /// </summary>
    [Alias("Suspend"), AlwaysInterleave]
    Task<NodeSnapshot> Suspend(Actor actor, SuspensionReason reason, string detail);

    /// <summary>
    /// Lifts the suspension. An owner may lift only a suspension they made themselves; operator,
    /// strike and over-plan suspensions are lifted by an operator (or, for over-plan, the platform).
    /// </summary>
    [Alias("Resume")]
    Task<NodeSnapshot> Resume(Actor actor);

    /// <summary>
    /// Hands a message to the node's agent and returns its reply. Refused while suspended; a sleeping
    /// node is woken first. A suspension during the reply cancels the run.
    /// </summary>
    [Alias("SendMessage"), AlwaysInterleave]
    Task<NodeReply> SendMessage(Actor actor, NodeMessage message);

    /// <summary>
    /// Stores a message for the node's agent and returns as soon as it is durable; the reply streams to
    /// observers as <see cref="ChatEvent"/>s. Messages are delivered one at a time, in order, each
    /// exactly once per idempotency key; while the runtime is unreachable they wait in the queue.
    /// Refused while suspended.
    /// </summary>
    [Alias("Post"), AlwaysInterleave]
    Task<MessageReceipt> Post(Actor actor, NodeMessage message);

    /// <summary>Conversation history, oldest first, one page at a time (all channels when <paramref name="channel"/> is null).</summary>
    [Alias("GetTranscript"), AlwaysInterleave]
    Task<TranscriptPage> GetTranscript(Actor actor, string? channel, long? before, int limit);

    /// <summary>Messages stored but not yet answered, oldest first.</summary>
    [Alias("GetQueue"), AlwaysInterleave]
    Task<IReadOnlyList<NodeMessage>> GetQueue(Actor actor);

    /// <summary>Deletes the node (called through its subscription, which stops counting it). Audited; idempotent.</summary>
    [Alias("Delete")]
    Task Delete(Actor actor);

    /// <summary>The agent's core memory blocks (always in its context).</summary>
    [Alias("GetCoreMemory")]
    Task<IReadOnlyList<CoreMemoryBlock>> GetCoreMemory(Actor actor);

    /// <summary>
    /// Replaces a core memory block's value. <paramref name="expectedVersion"/> is the version the editor
    /// started from; if the block changed since, the edit is refused with <c>Conflict</c>.
    /// </summary>
    [Alias("UpdateCoreMemory")]
    Task<CoreMemoryBlock> UpdateCoreMemory(Actor actor, string label, string value, string expectedVersion);

    /// <summary>Archival passages matching <paramref name="query"/> (newest first when empty), with provenance.</summary>
    [Alias("SearchArchival")]
    Task<IReadOnlyList<ArchivalMemoryItem>> SearchArchival(Actor actor, string? query, int limit);

    /// <summary>Adds a passage to archival memory, recording who added it, from where and when.</summary>
    [Alias("AddArchival")]
    Task<ArchivalMemoryItem> AddArchival(Actor actor, string text, string channel, string? messageKey);

    /// <summary>Removes a passage from archival memory. Audited.</summary>
    [Alias("DeleteArchival")]
    Task DeleteArchival(Actor actor, string passageId);

    /// <summary>How long an observer subscription lasts without being renewed.</summary>
    public static readonly TimeSpan ObserverLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Sends every later change of the node to <paramref name="observer"/> (owner or operator only); call again to renew.</summary>
    [Alias("Subscribe"), AlwaysInterleave]
    Task Subscribe(Actor actor, INodeObserver observer);

    /// <summary>Stops sending changes to <paramref name="observer"/>.</summary>
    [Alias("Unsubscribe"), AlwaysInterleave]
    Task Unsubscribe(INodeObserver observer);
}

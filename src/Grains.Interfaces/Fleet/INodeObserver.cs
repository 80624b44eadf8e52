using Orleans.Concurrency;

namespace DeepSync.Fleet;

/// <summary>
/// Receives a node's changes as they are committed (status, suspension, lifecycle steps). Subscriptions
/// expire after <see cref="ITeammateNodeGrain.ObserverLifetime"/>; observers re-subscribe on a shorter heartbeat.
/// </summary>
[Alias("DeepSync.Fleet.INodeObserver")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>The node changed; <see cref="NodeChange.Snapshot"/> is its state after the change.</summary>
    [Alias("OnNodeChanged"), OneWay]
    void OnNodeChanged(NodeChange change);

    /// <summary>Something happened in one of the node's conversations (a message queued, reply text streamed, …).</summary>
    [Alias("OnChatEvent"), OneWay]
    void OnChatEvent(DeepSync.Conversations.ChatEvent chatEvent);
}

using DeepSync.Conversations;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Web.Application.Nodes;

namespace DeepSync.Web.Conversations;

/// <summary>
/// A circuit's live conversation events, built on the node page's <see cref="NodeWatch"/> rather than a
/// second observer: that watch already holds the circuit's grain observer, renews it on a heartbeat
/// shorter than <see cref="ITeammateNodeGrain.ObserverLifetime"/> and drops it when the circuit ends.
/// A listener gets the events of one node, on the Orleans thread that delivered them.
/// </summary>
public sealed class NodeChatFeed(NodeWatch watch)
{
    /// <summary>
    /// Starts delivering <paramref name="nodeId"/>'s chat events (and node changes) to the handlers until
    /// the returned handle is disposed. The grain subscription is (re)made at once, so nothing posted
    /// after this returns is missed.
    /// </summary>
    public async Task<IDisposable> ListenAsync(Guid nodeId, Actor actor, Action<ChatEvent> onChat, Action<NodeChange>? onChange = null)
    {
        var listener = new Listener(watch, nodeId, onChat, onChange);
        watch.ChatEventReceived += listener.OnChat;
        watch.Changed += listener.OnChange;
        try
        {
            // Idempotent: if the page already watches the node this only renews the subscription.
            await watch.WatchAsync(nodeId, actor);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return listener;
    }

    private sealed class Listener(NodeWatch watch, Guid nodeId, Action<ChatEvent> onChat, Action<NodeChange>? onChange) : IDisposable
    {
        private volatile bool _disposed;

        public void OnChat(ChatEvent chatEvent)
        {
            if (!_disposed && chatEvent.NodeId == nodeId)
            {
                onChat(chatEvent);
            }
        }

        public void OnChange(NodeChange change)
        {
            if (!_disposed && change.Snapshot.NodeId == nodeId)
            {
                onChange?.Invoke(change);
            }
        }

        // Only the handlers go: the grain subscription belongs to the circuit's NodeWatch, which the node
        // page unwatches when it leaves (unwatching here would silence the page's live status when the
        // chat tab closes, because NodeWatch keeps one subscription per node, not one per listener).
        public void Dispose()
        {
            _disposed = true;
            watch.ChatEventReceived -= OnChat;
            watch.Changed -= OnChange;
        }
    }
}

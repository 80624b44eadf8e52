using DeepSync.Conversations;

namespace DeepSync.Fleet;

/// <summary>Numbers and sends the live chat events of one activation to the node's observers.</summary>
public sealed class NodeChatEvents(NodeRecord record)
{
    // Observers may receive events out of order; this numbers them. Start from the clock so a new
    // activation never reuses numbers an open tab has already seen.
    private long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;

    public void Notify(QueuedMessage message, ChatEventKind kind, string? text)
    {
        var chatEvent = new ChatEvent(record.NodeId, message.Channel, message.IdempotencyKey, kind, text, kind == ChatEventKind.Queued ? message.Sender : null, record.Now, ++_sequence);
        record.Observers.Notify(o => o.OnChatEvent(chatEvent));
    }
}

using DeepSync.Conversations;
using DeepSync.Fleet;

namespace DeepSync.Web.Conversations;

/// <summary>
/// The conversation one chat tab shows, merged from three sources that overlap and race: history
/// pages, the node's queue, and live <see cref="ChatEvent"/>s (which may arrive out of order). Every
/// merge is idempotent, so an event seen twice, or both live and in history, shows once; within an
/// exchange only an event newer (by sequence) than the last applied one changes its state.
/// </summary>
public sealed class ChatThread(string channel)
{
    // Live exchanges sort after every history line; history pages only ever add smaller sequences.
    private const long LiveOrderBase = long.MaxValue / 2;

    private readonly Dictionary<string, ChatExchange> _exchanges = new(StringComparer.Ordinal);
    private long _arrivals;

    public string Channel => channel;

    /// <summary>The exchanges in conversation order, oldest first.</summary>
    public IReadOnlyList<ChatExchange> Exchanges => _exchanges.Values.OrderBy(e => e.Order).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();

    public ChatExchange? Find(string key) => _exchanges.GetValueOrDefault(key);

    /// <summary>Adds a page of history (any order). Lines already known keep their live state.</summary>
    public void AddHistory(IEnumerable<TranscriptEntry> entries)
    {
        foreach (var entry in entries.Where(e => e.Channel == channel))
        {
            var exchange = Get(entry.IdempotencyKey);
            exchange.Order = Math.Min(exchange.Order, entry.Sequence);
            if (entry.Role == TranscriptRole.User)
            {
                exchange.Sender = entry.Sender;
                exchange.Text = entry.Text;
                exchange.SentAt ??= entry.At;
                if (exchange.Reply is null && exchange.LastSequence == 0)
                {
                    exchange.Status = ExchangeStatus.Unanswered;
                }
            }
            else
            {
                // A history reply is the finished one: it is written only when the run completed.
                exchange.ReplySender = entry.Sender;
                exchange.Reply = entry.Text;
                exchange.RepliedAt = entry.At;
                exchange.Status = ExchangeStatus.Answered;
                exchange.Note = null;
            }
        }
    }

    /// <summary>Marks the messages still in the node's queue as pending (shown as queued).</summary>
    public void AddQueue(IEnumerable<NodeMessage> queue)
    {
        foreach (var message in queue.Where(m => m.Channel == channel))
        {
            var exchange = Get(message.IdempotencyKey);
            exchange.Sender ??= message.Sender;
            exchange.Text ??= message.Text;
            if (exchange.LastSequence == 0 && exchange.Status is ExchangeStatus.Unanswered or ExchangeStatus.Queued)
            {
                exchange.Status = ExchangeStatus.Queued;
            }
        }
    }

    /// <summary>Shows a message this tab is sending, at once, as queued.</summary>
    public ChatExchange AddOutgoing(string key, string sender, string text, DateTimeOffset at)
    {
        var exchange = Get(key);
        exchange.Sender = sender;
        exchange.Text = text;
        exchange.SentAt = at;
        return exchange;
    }

    /// <summary>Takes back a message the node refused (it was never stored).</summary>
    public void Remove(string key) => _exchanges.Remove(key);

    /// <summary>Applies a live event; returns whether anything visible changed.</summary>
    public bool Apply(ChatEvent chatEvent)
    {
        if (chatEvent.Channel != channel)
        {
            return false;
        }

        var exchange = Get(chatEvent.IdempotencyKey);
        var changed = false;
        if (chatEvent.Kind == ChatEventKind.Queued && exchange.Text is null)
        {
            // The message itself may arrive after later events about it (from another tab or channel view).
            exchange.Sender = chatEvent.Sender ?? exchange.Sender;
            exchange.Text = chatEvent.Text;
            exchange.SentAt = chatEvent.At;
            changed = true;
        }

        if (chatEvent.Sequence <= exchange.LastSequence || exchange.Status == ExchangeStatus.Answered && exchange.LastSequence == 0)
        {
            // Stale (an older event overtaken by a newer one), or the finished reply is already known from history.
            return changed;
        }

        exchange.LastSequence = chatEvent.Sequence;
        switch (chatEvent.Kind)
        {
            case ChatEventKind.Queued:
                exchange.Status = ExchangeStatus.Queued;
                break;
            case ChatEventKind.WakingUp:
                exchange.Status = ExchangeStatus.WakingUp;
                break;
            case ChatEventKind.RuntimeOffline:
                exchange.Status = ExchangeStatus.Offline;
                exchange.Note = chatEvent.Text;
                exchange.Reply = null;
                break;
            case ChatEventKind.Started:
                exchange.Status = ExchangeStatus.Typing;
                exchange.Note = null;
                exchange.Reply = null;
                break;
            case ChatEventKind.Delta:
                // A delta carries the whole reply so far, so the newest one is the whole truth.
                exchange.Status = ExchangeStatus.Streaming;
                exchange.Note = null;
                exchange.Reply = chatEvent.Text;
                break;
            case ChatEventKind.Completed:
                exchange.Status = ExchangeStatus.Answered;
                exchange.Note = null;
                exchange.Reply = chatEvent.Text;
                exchange.RepliedAt = chatEvent.At;
                break;
            case ChatEventKind.Failed:
                exchange.Status = ExchangeStatus.Failed;
                exchange.Note = chatEvent.Text;
                break;
            case ChatEventKind.Cancelled:
                exchange.Status = ExchangeStatus.Cancelled;
                break;
        }

        return true;
    }

    private ChatExchange Get(string key)
    {
        if (!_exchanges.TryGetValue(key, out var exchange))
        {
            exchange = new ChatExchange(key) { Order = LiveOrderBase + ++_arrivals };
            _exchanges[key] = exchange;
        }

        return exchange;
    }
}

using DeepSync.Conversations;
using DeepSync.Fleet;
using DeepSync.Web.Conversations;

namespace DeepSync.Tests.Chat;

/// <summary>Merging history, queue and live events that arrive late, twice or out of order.</summary>
public sealed class ChatThreadTests
{
    private static readonly Guid Node = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private static ChatEvent Event(string key, ChatEventKind kind, long sequence, string? text = null, string channel = "web") =>
        new(Node, channel, key, kind, text, kind == ChatEventKind.Queued ? "ada@example.test" : null, T0.AddSeconds(sequence), sequence);

    [Fact]
    public void Deltas_out_of_order_leave_the_highest_sequence_text()
    {
        var thread = new ChatThread("web");
        var events = new[]
        {
            Event("k1", ChatEventKind.Queued, 10, "hello"),
            Event("k1", ChatEventKind.Started, 11),
            Event("k1", ChatEventKind.Delta, 12, "He"),
            Event("k1", ChatEventKind.Delta, 13, "Hello th"),
            Event("k1", ChatEventKind.Delta, 14, "Hello there"),
        };

        foreach (var e in new[] { events[4], events[2], events[0], events[3], events[1] })
        {
            thread.Apply(e);
        }

        var exchange = Assert.Single(thread.Exchanges);
        Assert.Equal("hello", exchange.Text);
        Assert.Equal("Hello there", exchange.Reply);
        Assert.Equal(ExchangeStatus.Streaming, exchange.Status);

        thread.Apply(Event("k1", ChatEventKind.Completed, 16, "Hello there, Ada."));
        Assert.False(thread.Apply(Event("k1", ChatEventKind.Delta, 15, "Hello there, A")));
        Assert.Equal("Hello there, Ada.", exchange.Reply);
        Assert.Equal(ExchangeStatus.Answered, exchange.Status);
        Assert.False(exchange.IsReplying);
    }

    [Fact]
    public void History_queue_and_live_events_merge_once_each_in_conversation_order()
    {
        var thread = new ChatThread("web");

        // A live event races the history read: it must not duplicate nor jump ahead of older lines.
        thread.Apply(Event("k3", ChatEventKind.Started, 30));
        thread.AddHistory(
        [
            new TranscriptEntry(1, Node, "web", "k1", TranscriptRole.User, "ada", "first", T0),
            new TranscriptEntry(2, Node, "web", "k1", TranscriptRole.Assistant, "Alpha-1", "reply one", T0.AddSeconds(1)),
            new TranscriptEntry(3, Node, "web", "k2", TranscriptRole.User, "ada", "second", T0.AddSeconds(2)),
            new TranscriptEntry(4, Node, "web", "k3", TranscriptRole.User, "ada", "third", T0.AddSeconds(3)),
            new TranscriptEntry(5, Node, "telegram", "t1", TranscriptRole.User, "bob", "other channel", T0.AddSeconds(4)),
        ]);
        thread.AddQueue([new NodeMessage("web", "ada", "second", "k2"), new NodeMessage("web", "ada", "third", "k3")]);

        Assert.Equal(["k1", "k2", "k3"], thread.Exchanges.Select(e => e.Key));
        Assert.Equal([ExchangeStatus.Answered, ExchangeStatus.Queued, ExchangeStatus.Typing], thread.Exchanges.Select(e => e.Status));

        thread.Apply(Event("k2", ChatEventKind.RuntimeOffline, 20, "Alpha-1 is offline — message queued."));
        Assert.Equal(ExchangeStatus.Offline, thread.Find("k2")!.Status);
        Assert.Contains("offline — message queued", thread.Find("k2")!.Note);
        thread.Apply(Event("k2", ChatEventKind.WakingUp, 21));
        Assert.Equal(ExchangeStatus.WakingUp, thread.Find("k2")!.Status);
        Assert.False(thread.Apply(Event("t1", ChatEventKind.Completed, 40, "not for the web tab", channel: "telegram")));
    }

    [Fact]
    public void A_message_from_another_tab_shows_even_when_its_queued_event_comes_last()
    {
        var thread = new ChatThread("web");
        thread.Apply(Event("other", ChatEventKind.Delta, 51, "On it"));
        thread.Apply(Event("other", ChatEventKind.Queued, 50, "from the other tab"));

        var exchange = Assert.Single(thread.Exchanges);
        Assert.Equal("from the other tab", exchange.Text);
        Assert.Equal("ada@example.test", exchange.Sender);
        Assert.Equal("On it", exchange.Reply);
        Assert.Equal(ExchangeStatus.Streaming, exchange.Status);
    }
}

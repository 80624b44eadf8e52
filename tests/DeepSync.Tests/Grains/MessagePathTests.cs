using System.Collections.Concurrent;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

/// <summary>The runtime's Offline switch is shared, so these tests run one at a time in the cluster collection.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class MessagePathTests(GrainClusterFixture fixture)
{
    private async Task<(Actor Owner, ITeammateNodeGrain Node, Guid NodeId)> RunningAlphaAsync()
    {
        var (_, owner, subscription) = await Users.NewAsync(fixture.Grains);
        var nodeId = subscription.NodeIds[0];
        var node = fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId);
        await node.Launch(owner);
        await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
        return (owner, node, nodeId);
    }

    private IEnumerable<AgentMessageRecord> Received(Guid nodeId) =>
        fixture.Runtime.Messages.Where(m => m.Message.AgentId == $"agent-{nodeId:N}").Select(m => new AgentMessageRecord(m.Message.IdempotencyKey, m.Message.Text));

    private sealed record AgentMessageRecord(string Key, string Text);

    [Fact]
    public async Task Posted_messages_are_answered_once_each_in_the_order_they_arrived()
    {
        var (owner, node, nodeId) = await RunningAlphaAsync();

        var receipts = new List<MessageReceipt>();
        for (var i = 0; i < 5; i++)
        {
            receipts.Add(await node.Post(owner, new NodeMessage("web", "owner", $"message {i}", $"k{i}")));
        }

        var repeat = await node.Post(owner, new NodeMessage("web", "owner", "message 0", "k0"));
        Assert.All(receipts, r => Assert.False(r.Duplicate));
        Assert.True(repeat.Duplicate);

        await Eventually.Until(() => node.GetQueue(owner), q => q.Count == 0);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"k{i}"), Received(nodeId).Select(m => m.Key));
        var transcript = await node.GetTranscript(owner, "web", null, 50);
        Assert.Equal(
            Enumerable.Range(0, 5).SelectMany(i => new[] { $"message {i}", $"echo: message {i}" }),
            transcript.Entries.Select(e => e.Text));
        Assert.Equal(
            Enumerable.Range(0, 5).SelectMany(_ => new[] { TranscriptRole.User, TranscriptRole.Assistant }),
            transcript.Entries.Select(e => e.Role));
    }

    [Fact]
    public async Task While_the_runtime_is_down_messages_wait_in_the_queue_and_are_delivered_when_it_returns()
    {
        var (owner, node, nodeId) = await RunningAlphaAsync();
        var tab = new ChatTab();
        await node.Subscribe(owner, fixture.Grains.CreateObjectReference<INodeObserver>(tab));
        fixture.Runtime.Offline = true;
        try
        {
            await node.Post(owner, new NodeMessage("web", "owner", "are you there?", "down-1"));
            await node.Post(owner, new NodeMessage("web", "owner", "hello?", "down-2"));

            await Eventually.Until(() => Task.FromResult(tab.Kinds("down-1")), kinds => kinds.Contains(ChatEventKind.RuntimeOffline));
            Assert.Contains("offline — message queued", tab.Events.First(e => e.Kind == ChatEventKind.RuntimeOffline).Text);
            Assert.Equal(["down-1", "down-2"], (await node.GetQueue(owner)).Select(m => m.IdempotencyKey));
            Assert.Empty(Received(nodeId));
        }
        finally
        {
            fixture.Runtime.Offline = false;
        }

        await Eventually.Until(() => node.GetQueue(owner), q => q.Count == 0, TimeSpan.FromSeconds(40));
        Assert.Equal(["down-1", "down-2"], Received(nodeId).Select(m => m.Key));
        Assert.Contains(ChatEventKind.Completed, tab.Kinds("down-2"));
    }

    [Fact]
    public async Task A_reply_is_not_answered_until_its_history_line_is_written_and_the_agent_is_asked_once()
    {
        var (owner, node, nodeId) = await RunningAlphaAsync();
        fixture.Transcripts.Available = false;
        Task<NodeReply> sending;
        try
        {
            sending = node.SendMessage(owner, new NodeMessage("web", "owner", "remember this", "history-1"));
            await Eventually.Until(() => Task.FromResult(Received(nodeId).Any(m => m.Key == "history-1")), seen => seen);
            await Task.Delay(600);

            Assert.False(sending.IsCompleted);
            Assert.Equal(["history-1"], (await node.GetQueue(owner)).Select(m => m.IdempotencyKey));
        }
        finally
        {
            fixture.Transcripts.Available = true;
        }

        var reply = await sending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("echo: remember this", reply.Text);
        Assert.Empty(await node.GetQueue(owner));
        Assert.Single(Received(nodeId), m => m.Key == "history-1");
        var history = await node.GetTranscript(owner, "web", null, 10);
        Assert.Equal(["remember this", "echo: remember this"], history.Entries.Select(e => e.Text));
    }

    [Fact]
    public async Task Two_open_tabs_both_see_every_message_and_the_streamed_reply()
    {
        var (owner, node, _) = await RunningAlphaAsync();
        var first = new ChatTab();
        var second = new ChatTab();
        await node.Subscribe(owner, fixture.Grains.CreateObjectReference<INodeObserver>(first));
        await node.Subscribe(owner, fixture.Grains.CreateObjectReference<INodeObserver>(second));

        var reply = await node.SendMessage(owner, new NodeMessage("web", "owner", "hi both", "tabs-1"));

        foreach (var tab in new[] { first, second })
        {
            var kinds = await Eventually.Until(() => Task.FromResult(tab.Kinds("tabs-1")), k => k.Contains(ChatEventKind.Completed));
            Assert.Equal([ChatEventKind.Queued, ChatEventKind.Started, ChatEventKind.Delta, ChatEventKind.Completed], kinds);
            Assert.Equal("hi both", tab.Events.First(e => e.Kind == ChatEventKind.Queued).Text);
            Assert.Equal(reply.Text, tab.Events.Single(e => e.Kind == ChatEventKind.Completed && e.IdempotencyKey == "tabs-1").Text);
        }
    }

    [Fact]
    public async Task Messages_over_the_stated_length_are_refused_and_nothing_is_queued()
    {
        var (owner, node, _) = await RunningAlphaAsync();
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Post(owner, new NodeMessage("web", "owner", new string('x', 8_001), "too-long")));
        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
        Assert.Equal("A message must be at most 8000 characters (got 8001).", ex.Message);
        Assert.Empty(await node.GetQueue(owner));
    }

    [Fact]
    public async Task Transcripts_page_backwards_from_the_newest()
    {
        var (owner, node, _) = await RunningAlphaAsync();
        for (var i = 0; i < 12; i++)
        {
            await node.SendMessage(owner, new NodeMessage("web", "owner", $"m{i}", $"p{i}"));
        }

        var newest = await node.GetTranscript(owner, null, null, 10);
        var older = await node.GetTranscript(owner, null, newest.NextBefore, 10);
        var oldest = await node.GetTranscript(owner, null, older.NextBefore, 10);

        Assert.Equal("echo: m11", newest.Entries[^1].Text);
        Assert.Equal(10, older.Entries.Count);
        Assert.Equal(4, oldest.Entries.Count);
        Assert.Null(oldest.NextBefore);
        Assert.Equal("m0", oldest.Entries[0].Text);
        var all = oldest.Entries.Concat(older.Entries).Concat(newest.Entries).Select(e => e.Sequence).ToList();
        Assert.Equal(all.Order(), all);
        Assert.Equal(24, all.Distinct().Count());
    }

    [Fact]
    public async Task A_suspended_node_accepts_nothing_and_a_stranger_cannot_read_its_history()
    {
        var (owner, node, nodeId) = await RunningAlphaAsync();
        await node.SendMessage(owner, new NodeMessage("web", "owner", "before", "s1"));
        await node.Suspend(owner, SuspensionReason.OwnerRequest, "quiet");

        var refused = await Assert.ThrowsAsync<DeepSyncException>(() => node.Post(owner, new NodeMessage("web", "owner", "after", "s2")));
        Assert.Equal(DeepSyncError.NodeSuspended, refused.Code);
        Assert.DoesNotContain(Received(nodeId), m => m.Key == "s2");

        var (_, stranger, _) = await Users.NewAsync(fixture.Grains);
        Assert.Equal(DeepSyncError.NodeNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => node.GetTranscript(stranger, null, null, 10))).Code);
    }

    private sealed class ChatTab : INodeObserver
    {
        public ConcurrentQueue<ChatEvent> Events { get; } = new();

        public List<ChatEventKind> Kinds(string key) => Events.Where(e => e.IdempotencyKey == key).OrderBy(e => e.Sequence).Select(e => e.Kind).Distinct().ToList();

        public void OnNodeChanged(NodeChange change)
        {
        }

        public void OnChatEvent(ChatEvent chatEvent) => Events.Enqueue(chatEvent);
    }
}

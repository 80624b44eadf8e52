using System.Collections.Concurrent;
using DeepSync.Billing;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

/// <summary>
/// Text people type is refused at the node's boundary when it could never be stored or shown; text the
/// agent returns is scrubbed; and a message that fails for good leaves the queue instead of wedging it.
/// The runtime and transcript switches are shared, so these run in the cluster collection, one at a time.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class UntrustedTextTests(GrainClusterFixture fixture)
{
    private async Task<(Guid UserId, Actor Owner, ITeammateNodeGrain Node)> AlphaAsync(bool running)
    {
        var (userId, owner, subscription) = await Users.NewAsync(fixture.Grains);
        var node = fixture.Grains.GetGrain<ITeammateNodeGrain>(subscription.NodeIds[0]);
        if (running)
        {
            await node.Launch(owner);
            await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
        }

        return (userId, owner, node);
    }

    [Theory]
    [InlineData("nul \u0000 inside", "A message must not contain control characters (U+0000 at position 5).")]
    [InlineData("\u001B[31mred", "A message must not contain control characters (U+001B at position 1).")]
    public async Task Messages_with_control_characters_are_refused_and_nothing_is_queued(string text, string problem)
    {
        var (_, owner, node) = await AlphaAsync(running: true);

        var posted = await Assert.ThrowsAsync<DeepSyncException>(() => node.Post(owner, new NodeMessage("web", "owner", text, "ctl-post")));
        var sent = await Assert.ThrowsAsync<DeepSyncException>(() => node.SendMessage(owner, new NodeMessage("web", "owner", text, "ctl-send")));

        Assert.Equal(DeepSyncError.ValidationFailed, posted.Code);
        Assert.Equal(problem, posted.Message);
        Assert.Equal(DeepSyncError.ValidationFailed, sent.Code);
        Assert.Empty(await node.GetQueue(owner));
    }

    [Fact]
    public async Task Line_breaks_and_tabs_are_still_welcome_in_messages()
    {
        var (_, owner, node) = await AlphaAsync(running: true);

        var reply = await node.SendMessage(owner, new NodeMessage("web", "owner", "line one\r\n\tline two", "breaks"));

        Assert.Equal("echo: line one\r\n\tline two", reply.Text);
    }

    [Fact]
    public async Task A_message_the_transcript_refuses_for_good_is_answered_with_an_error_and_the_queue_moves_on()
    {
        var (_, owner, node) = await AlphaAsync(running: true);
        var tab = new ChatTab();
        await node.Subscribe(owner, fixture.Grains.CreateObjectReference<INodeObserver>(tab));
        fixture.Transcripts.RejectWhen = e => e.Text.Contains("poison", StringComparison.Ordinal);
        try
        {
            var poisoned = node.SendMessage(owner, new NodeMessage("web", "owner", "poison", "wedge-1"));
            var after = node.SendMessage(owner, new NodeMessage("web", "owner", "still there?", "wedge-2"));

            var refused = await Assert.ThrowsAsync<DeepSyncException>(() => poisoned.WaitAsync(TimeSpan.FromSeconds(30)));
            var reply = await after.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(DeepSyncError.RuntimeUnavailable, refused.Code);
            Assert.Equal("This message could not be recorded, so it was not answered.", refused.Message);
            Assert.Equal("echo: still there?", reply.Text);
            Assert.Empty(await node.GetQueue(owner));
            await Eventually.Until(() => Task.FromResult(tab.Kinds("wedge-1")), k => k.Contains(ChatEventKind.Failed));
        }
        finally
        {
            fixture.Transcripts.RejectWhen = null;
        }
    }

    [Fact]
    public async Task A_run_that_fails_in_an_unforeseen_way_is_answered_with_an_error_and_does_not_block_the_queue()
    {
        var (_, owner, node) = await AlphaAsync(running: true);
        fixture.Runtime.Answer = m => m.Text == "boom" ? throw new InvalidOperationException("a bug in the runtime") : null;
        try
        {
            var failing = node.SendMessage(owner, new NodeMessage("web", "owner", "boom", "bug-1"));
            var after = node.SendMessage(owner, new NodeMessage("web", "owner", "next", "bug-2"));

            var refused = await Assert.ThrowsAsync<DeepSyncException>(() => failing.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(DeepSyncError.RuntimeUnavailable, refused.Code);
            Assert.Equal("echo: next", (await after.WaitAsync(TimeSpan.FromSeconds(30))).Text);
            Assert.Empty(await node.GetQueue(owner));
        }
        finally
        {
            fixture.Runtime.Answer = null;
        }
    }

    [Fact]
    public async Task What_the_agent_returns_is_scrubbed_before_it_is_stored_and_shown()
    {
        var (_, owner, node) = await AlphaAsync(running: true);
        fixture.Runtime.Answer = m => m.Text == "say something odd" ? "odd\u0000reply\u0007\n" : null;
        try
        {
            var reply = await node.SendMessage(owner, new NodeMessage("web", "owner", "say something odd", "scrub-1"));

            Assert.Equal("odd\uFFFDreply\uFFFD\n", reply.Text);
            var history = await node.GetTranscript(owner, "web", null, 10);
            Assert.Equal("odd\uFFFDreply\uFFFD\n", history.Entries[^1].Text);
        }
        finally
        {
            fixture.Runtime.Answer = null;
        }
    }

    [Fact]
    public async Task Suspension_reasons_with_control_characters_are_refused_and_the_node_stays_as_it_was()
    {
        var (_, owner, node) = await AlphaAsync(running: false);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Suspend(owner, SuspensionReason.OwnerRequest, "quiet\u0000please"));

        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
        Assert.Equal("The suspension reason must not contain control characters (U+0000 at position 6).", ex.Message);
        Assert.Null((await node.Get(owner)).Suspension);
    }

    [Fact]
    public async Task Profile_fields_refuse_control_and_bidirectional_characters()
    {
        var (_, owner, node) = await AlphaAsync(running: false);

        var role = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateProfile(owner, new NodeProfile("Alpha-1", "ALPHA-1", "a\u0000b", "")));
        var location = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateProfile(owner, new NodeProfile("Alpha-1", "ALPHA-1", "", "Lis\u202Ebon")));
        var name = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateProfile(owner, new NodeProfile("gpj.\u202Eexe", "ALPHA-1", "", "")));

        Assert.Equal(DeepSyncError.ValidationFailed, role.Code);
        Assert.Equal("Role must not contain control characters (U+0000 at position 2).", role.Message);
        Assert.Equal("Location must not contain control characters (U+202E at position 4).", location.Message);
        Assert.Equal("Name must not contain control characters (U+202E at position 5).", name.Message);
        Assert.Equal("Alpha-1", (await node.Get(owner)).Profile.Name);
    }

    [Fact]
    public async Task Memory_text_with_control_characters_is_refused_before_it_reaches_the_agent()
    {
        var (_, owner, node) = await AlphaAsync(running: true);

        var block = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateCoreMemory(owner, "human", "likes\u0000tea", "v1"));
        var passage = await Assert.ThrowsAsync<DeepSyncException>(() => node.AddArchival(owner, "met\u0000Bob", "web", null));
        var search = await Assert.ThrowsAsync<DeepSyncException>(() => node.SearchArchival(owner, "tea\u0000", 10));
        var label = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateCoreMemory(owner, "hu\u0000man", "tea", "v1"));

        Assert.Equal(DeepSyncError.ValidationFailed, block.Code);
        Assert.Equal("A memory block must not contain control characters (U+0000 at position 6).", block.Message);
        Assert.Equal("A passage must not contain control characters (U+0000 at position 4).", passage.Message);
        Assert.Equal("A search must not contain control characters (U+0000 at position 4).", search.Message);
        Assert.Equal(DeepSyncError.ValidationFailed, label.Code);
    }

    [Fact]
    public async Task Message_keys_and_channels_with_control_characters_are_refused()
    {
        var (_, owner, node) = await AlphaAsync(running: true);

        var key = await Assert.ThrowsAsync<DeepSyncException>(() => node.Post(owner, new NodeMessage("web", "owner", "hi", "key\u0000")));
        var channel = await Assert.ThrowsAsync<DeepSyncException>(() => node.Post(owner, new NodeMessage("we\u0007b", "owner", "hi", "channel-ctl")));

        Assert.Equal(DeepSyncError.ValidationFailed, key.Code);
        Assert.Equal(DeepSyncError.ValidationFailed, channel.Code);
        Assert.Empty(await node.GetQueue(owner));
    }

    [Fact]
    public async Task A_senders_name_from_a_channel_is_scrubbed_not_refused()
    {
        var (_, owner, node) = await AlphaAsync(running: true);

        await node.SendMessage(owner, new NodeMessage("telegram", "bob\u0000\u202E", "hello", "sender-1"));

        var history = await node.GetTranscript(owner, "telegram", null, 10);
        Assert.Equal("bob\uFFFD\u202E", history.Entries.Single(e => e.Role == TranscriptRole.User).Sender);
    }

    [Fact]
    public async Task Archival_channels_message_keys_and_passage_ids_with_control_characters_are_refused()
    {
        var (_, owner, node) = await AlphaAsync(running: true);

        var channel = await Assert.ThrowsAsync<DeepSyncException>(() => node.AddArchival(owner, "met Bob", "we\u0000b", null));
        var key = await Assert.ThrowsAsync<DeepSyncException>(() => node.AddArchival(owner, "met Bob", "web", "k\u0000"));
        var passage = await Assert.ThrowsAsync<DeepSyncException>(() => node.DeleteArchival(owner, "passage\u0000"));

        Assert.Equal(DeepSyncError.ValidationFailed, channel.Code);
        Assert.Equal(DeepSyncError.ValidationFailed, key.Code);
        Assert.Equal(DeepSyncError.ValidationFailed, passage.Code);
    }

    [Fact]
    public async Task Strike_details_a_node_reported_are_scrubbed_before_they_reach_the_ledger()
    {
        var (userId, _, node) = await AlphaAsync(running: false);
        var nodeId = node.GetPrimaryKey();

        await fixture.Grains.GetGrain<ISubscriptionGrain>(userId).RecordStrike(nodeId, StrikeSeverity.Low, "egress\u0000", "ran rm -rf /\u0000\u0007", StrikePolicy.Initiator);

        var entry = fixture.Ledger.ForNode(nodeId).Single(e => e.Action == AuditAction.StrikeRecorded);
        Assert.Equal("egress\uFFFD", entry.Details["rule"]);
        Assert.Equal("ran rm -rf /\uFFFD\uFFFD", entry.Details["detail"]);
    }

    [Fact]
    public async Task Grant_reasons_with_control_characters_are_refused()
    {
        var (userId, _, _) = await AlphaAsync(running: false);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ISubscriptionGrain>(userId).GrantVoiceMinutes(Users.Operator, 10, "goodwill\u0000"));

        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
        Assert.Equal("The reason must not contain control characters (U+0000 at position 9).", ex.Message);
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

using System.Collections.Concurrent;
using System.Diagnostics;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

/// <summary>
/// The kill switch, one guard at a time. Each test pins the node at a chosen point (latches and stream
/// gates in the fakes, never sleeps) and asserts what that guard alone prevents; the table in
/// docs/mutation-testing.md names the test that fails when each guard is removed.
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class KillSwitchTests(GrainClusterFixture fixture)
{
    // Long enough for a loaded machine; a guard that is missing makes these waits fail, not pass.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(15);

    private sealed record RunningNode(Actor Owner, ITeammateNodeGrain Node, Guid NodeId, string AgentId, NodeSnapshot Snapshot);

    private async Task<RunningNode> RunningNodeAsync()
    {
        var (_, owner, subscription) = await Users.NewAsync(fixture.Grains);
        var nodeId = subscription.NodeIds[0];
        var node = fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId);
        await node.Launch(owner);
        var running = await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
        return new RunningNode(owner, node, nodeId, $"agent-{nodeId:N}", running);
    }

    private static NodeMessage Message(string key, string channel = "web") => new(channel, "owner", $"message {key}", key);

    private static string NewKey(string name) => $"{name}-{Guid.NewGuid():N}";

    /// <summary>Sends a message and returns once the node holds it in its queue (so its caller is waiting for the reply).</summary>
    private static async Task<Task<NodeReply>> SendQueuedAsync(RunningNode n, NodeMessage message)
    {
        var sending = n.Node.SendMessage(n.Owner, message);
        await Eventually.Until(
            async () => sending.IsCompleted || (await n.Node.GetQueue(n.Owner)).Any(q => q.IdempotencyKey == message.IdempotencyKey),
            queued => queued);
        return sending;
    }

    private static async Task<DeepSyncException> RefusedAsync(Task call)
    {
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => call.WaitAsync(Prompt));
        return ex;
    }

    [Fact]
    public async Task Post_is_refused_once_suspend_returns_and_nothing_is_queued()
    {
        var n = await RunningNodeAsync();

        await n.Node.Suspend(n.Owner, SuspensionReason.OwnerRequest, "pause");
        var refused = await Assert.ThrowsAsync<DeepSyncException>(() => n.Node.Post(n.Owner, Message(NewKey("after"))));

        Assert.Equal(DeepSyncError.NodeSuspended, refused.Code);
        Assert.Empty(await n.Node.GetQueue(n.Owner));
        Assert.Empty(fixture.Runtime.MessagesTo(n.AgentId));
    }

    [Fact]
    public async Task Messages_queued_before_suspend_never_reach_the_agent_while_the_runtime_is_slow()
    {
        var n = await RunningNodeAsync();
        var gate = fixture.Runtime.GateStreams(n.AgentId);
        var keys = Enumerable.Range(0, 10).Select(i => NewKey($"queued-{i}")).ToList();
        var sends = new List<Task<NodeReply>>();
        try
        {
            // The first message is being answered (slowly); nine more wait behind it.
            foreach (var key in keys)
            {
                sends.Add(await SendQueuedAsync(n, Message(key)));
            }

            await Eventually.Until(() => Task.FromResult(fixture.Runtime.StreamsOf(n.AgentId, keys[0]).Count), c => c == 1);

            await n.Node.Suspend(n.Owner, SuspensionReason.OwnerRequest, "stop everything");

            // Whatever the runtime would still do, it may do now.
            gate.Finish();
            foreach (var send in sends)
            {
                Assert.Equal(DeepSyncError.NodeSuspended, (await RefusedAsync(send)).Code);
            }
        }
        finally
        {
            gate.Finish();
        }

        Assert.Equal([keys[0]], fixture.Runtime.MessagesTo(n.AgentId).Select(m => m.IdempotencyKey));
        Assert.True(Assert.Single(fixture.Runtime.StreamsOf(n.AgentId, keys[0])).Cancelled);

        // Kept, in order, for a resume; none answered.
        Assert.Equal(keys, (await n.Node.GetQueue(n.Owner)).Select(m => m.IdempotencyKey));
        Assert.Empty((await n.Node.GetTranscript(n.Owner, null, null, 50)).Entries);
    }

    [Fact]
    public async Task The_delivery_loop_stops_before_the_next_message_while_suspend_is_still_under_way()
    {
        var n = await RunningNodeAsync();

        // The first reply is complete and its history line is being written...
        var historyWrite = fixture.Transcripts.HoldAppend(n.NodeId);
        var first = n.Node.SendMessage(n.Owner, Message(NewKey("first")));
        await historyWrite.Entered.WaitAsync(Prompt);
        var second = await SendQueuedAsync(n, Message(NewKey("second"), channel: "telegram"));
        var third = await SendQueuedAsync(n, Message(NewKey("third"), channel: "telegram"));

        // ...when the kill switch fires: the flag is set, the other planes are still being driven.
        var revocation = fixture.Credentials.HoldRevocation(n.NodeId);
        var suspending = n.Node.Suspend(Users.Operator, SuspensionReason.Operator, "incident");
        await revocation.Entered.WaitAsync(Prompt);
        historyWrite.Open();

        Assert.Equal(DeepSyncError.NodeSuspended, (await RefusedAsync(second)).Code);
        Assert.Equal(DeepSyncError.NodeSuspended, (await RefusedAsync(third)).Code);
        revocation.Open();
        await suspending.WaitAsync(Prompt);

        // The reply given before the suspension is delivered; the runtime hears nothing more, not even
        // a request to open the second message's conversation.
        Assert.StartsWith("echo: message first-", (await first.WaitAsync(Prompt)).Text);
        Assert.Single(fixture.Runtime.MessagesTo(n.AgentId));
        Assert.DoesNotContain((n.AgentId, "telegram"), fixture.Runtime.ConversationRequests);
        Assert.Equal(2, (await n.Node.GetQueue(n.Owner)).Count);
    }

    [Fact]
    public async Task The_check_before_sending_holds_when_suspend_arrives_mid_iteration()
    {
        var n = await RunningNodeAsync();

        // The loop has passed its own suspension check and is opening the conversation.
        var opening = fixture.Runtime.HoldConversation(n.AgentId);
        var key = NewKey("mid");
        var sending = n.Node.SendMessage(n.Owner, Message(key));
        await opening.Entered.WaitAsync(Prompt);

        await n.Node.Suspend(n.Owner, SuspensionReason.OwnerRequest, "now");
        opening.Open();

        Assert.Equal(DeepSyncError.NodeSuspended, (await RefusedAsync(sending)).Code);
        Assert.Empty(fixture.Runtime.MessagesTo(n.AgentId));
        Assert.Equal([key], (await n.Node.GetQueue(n.Owner)).Select(m => m.IdempotencyKey));
    }

    [Fact]
    public async Task An_in_flight_stream_is_cut_no_chunk_arrives_after_suspend_returns_and_the_runtime_stream_is_abandoned_at_once()
    {
        var n = await RunningNodeAsync();
        var observer = new ChatObserver();
        var reference = fixture.Grains.CreateObjectReference<INodeObserver>(observer);
        await n.Node.Subscribe(n.Owner, reference);
        var gate = fixture.Runtime.GateStreams(n.AgentId);
        var key = NewKey("stream");
        try
        {
            var sending = n.Node.SendMessage(n.Owner, Message(key));
            await Eventually.Until(() => Task.FromResult(fixture.Runtime.StreamsOf(n.AgentId, key).Count), c => c == 1);
            gate.Release(3);
            await Eventually.Until(() => Task.FromResult(observer.Deltas(key).Count), c => c == 3);

            await n.Node.Suspend(n.Owner, SuspensionReason.OwnerRequest, "stop talking");
            var suspendReturned = Stopwatch.GetTimestamp();

            // A node that kept reading would now receive the rest of the story.
            gate.Release(200);
            gate.Finish();
            Assert.Equal(DeepSyncError.NodeSuspended, (await RefusedAsync(sending)).Code);

            var stream = Assert.Single(fixture.Runtime.StreamsOf(n.AgentId, key));
            await Eventually.Until(() => Task.FromResult(stream.EndedTicks), ended => ended is not null, Prompt);
            Assert.NotNull(stream.TokenCancelledTicks);
            Assert.Equal(0, stream.ChunksAfterCancel);
            Assert.Equal(3, stream.Chunks.Count);
            Assert.True(
                Stopwatch.GetElapsedTime(suspendReturned, stream.EndedTicks!.Value) <= TimeSpan.FromMilliseconds(100),
                $"the runtime's stream was still open {Stopwatch.GetElapsedTime(suspendReturned, stream.EndedTicks.Value).TotalMilliseconds} ms after suspend returned");

            // Observers saw no text the runtime produced after the suspension, and no reply completed.
            var givenBySuspend = stream.TextHandedOverBy(suspendReturned);
            Assert.All(observer.Deltas(key), text => Assert.StartsWith(text, givenBySuspend));
            Assert.DoesNotContain(observer.Events, e => e.IdempotencyKey == key && e.Kind == ChatEventKind.Completed);
            Assert.Empty((await n.Node.GetTranscript(n.Owner, null, null, 50)).Entries);
            Assert.Contains($"{n.AgentId}/web", fixture.Runtime.Cancelled);
        }
        finally
        {
            gate.Finish();
            await n.Node.Unsubscribe(reference);
        }
    }

    [Fact]
    public async Task Deleting_a_node_cuts_the_reply_in_flight_and_no_chunk_is_read_after_delete_returns()
    {
        var n = await RunningNodeAsync();
        var gate = fixture.Runtime.GateStreams(n.AgentId);
        var key = NewKey("deleted");
        try
        {
            _ = n.Node.SendMessage(n.Owner, Message(key));
            await Eventually.Until(() => Task.FromResult(fixture.Runtime.StreamsOf(n.AgentId, key).Count), c => c == 1);

            await n.Node.Delete(n.Owner);
            var stream = Assert.Single(fixture.Runtime.StreamsOf(n.AgentId, key));
            await Eventually.Until(() => Task.FromResult(stream.TokenCancelledTicks), cancelled => cancelled is not null, Prompt);

            // A node that kept reading would now receive the whole reply.
            gate.Release(200);
            gate.Finish();
            await Eventually.Until(() => Task.FromResult(stream.EndedTicks), ended => ended is not null, Prompt);
            Assert.Empty(stream.Chunks);
            Assert.Equal(0, stream.ChunksAfterCancel);
        }
        finally
        {
            gate.Finish();
        }
    }

    [Fact]
    public async Task A_stream_that_does_not_stop_on_cancel_is_dropped_at_its_first_chunk_after_suspend()
    {
        var n = await RunningNodeAsync();
        var gate = fixture.Runtime.GateStreams(n.AgentId);
        gate.IgnoresCancellation = true;
        var key = NewKey("buffered");
        try
        {
            var sending = n.Node.SendMessage(n.Owner, Message(key));
            await Eventually.Until(() => Task.FromResult(fixture.Runtime.StreamsOf(n.AgentId, key).Count), c => c == 1);
            gate.Release(2);
            var stream = Assert.Single(fixture.Runtime.StreamsOf(n.AgentId, key));
            await Eventually.Until(() => Task.FromResult(stream.Chunks.Count), c => c == 2);

            await n.Node.Suspend(n.Owner, SuspensionReason.OwnerRequest, "stop");

            // Five chunks were already on their way; the node reads at most the one it was waiting for.
            gate.Release(5);
            Assert.Equal(DeepSyncError.NodeSuspended, (await RefusedAsync(sending)).Code);
            await Eventually.Until(() => Task.FromResult(stream.EndedTicks), ended => ended is not null, Prompt);
            Assert.True(stream.ChunksAfterCancel <= 1, $"the node read {stream.ChunksAfterCancel} chunks after the run was cancelled");
            Assert.Empty((await n.Node.GetTranscript(n.Owner, null, null, 50)).Entries);
        }
        finally
        {
            gate.Finish();
        }
    }

    [Fact]
    public async Task Suspend_revokes_the_node_credential_at_once()
    {
        var n = await RunningNodeAsync();
        var token = fixture.Host.Variables[n.Snapshot.Hosting!.ServiceId!]["DEEPSYNC_NODE_TOKEN"];
        Assert.True(await fixture.Credentials.VerifyAsync(n.NodeId, token));

        await n.Node.Suspend(n.Owner, SuspensionReason.OwnerRequest, "lock it");

        Assert.False(await fixture.Credentials.VerifyAsync(n.NodeId, token));
        var revoked = Assert.Single(fixture.Ledger.ForNode(n.NodeId), e => e.Action == AuditAction.CredentialRevoked);
        Assert.Equal("revoked", revoked.Details["outcome"]);
        Assert.Equal(n.Owner, revoked.Initiator);
    }

    [Fact]
    public async Task Suspend_stops_the_container_and_retries_the_stop_until_the_host_accepts_it()
    {
        var n = await RunningNodeAsync();
        var deployment = n.Snapshot.Hosting!.DeploymentId!;
        fixture.Host.FailStops(deployment, 2);

        await n.Node.Suspend(Users.Operator, SuspensionReason.Operator, "incident 7");
        var stopped = await Eventually.Until(() => n.Node.Get(n.Owner), s => s.Lifecycle == NodeLifecycle.Stopped);

        Assert.True(stopped.IsSuspended);
        Assert.Null(stopped.Hosting?.DeploymentId);
        Assert.Equal(
            ["stop_failed", "stop_failed", "stop"],
            fixture.Host.Calls.Where(c => c.Argument == deployment && c.Operation.StartsWith("stop", StringComparison.Ordinal)).Select(c => c.Operation));
        Assert.Single(fixture.Ledger.ForNode(n.NodeId), e => e.Action == AuditAction.ContainerStopRequested);
        Assert.Single(fixture.Ledger.ForNode(n.NodeId), e => e.Action == AuditAction.ContainerStopped);
    }

    private sealed class ChatObserver : INodeObserver
    {
        public ConcurrentQueue<ChatEvent> Events { get; } = new();

        public IReadOnlyList<string> Deltas(string key) =>
            Events.Where(e => e.IdempotencyKey == key && e.Kind == ChatEventKind.Delta).Select(e => e.Text ?? string.Empty).ToList();

        public void OnNodeChanged(NodeChange change)
        {
        }

        public void OnChatEvent(ChatEvent chatEvent) => Events.Enqueue(chatEvent);
    }
}

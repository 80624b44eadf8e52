using System.Text;
using DeepSync.Agents;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Text;
using Microsoft.Extensions.Logging;

namespace DeepSync.Fleet;

/// <summary>
/// Message delivery, the only path from a channel to the node's agent. A message is written to the
/// grain's state before it is acknowledged; one delivery loop answers the queue in order, one run at a
/// time, retrying while the runtime is unreachable. The loop checks the suspension flag before every
/// run and the kill switch cuts a run in progress, so nothing reaches the agent after a suspension.
/// </summary>
public sealed partial class TeammateNodeGrain
{
    private const int RecentReplyLimit = 256;

    private static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CompletionFlushDelay = TimeSpan.FromSeconds(1);

    // The run in flight, so the kill switch (which interleaves) can cut it.
    private CancellationTokenSource? _activeRun;
    private string? _activeConversation;
    private Task? _deliveryLoop;

    // Observers may receive events out of order; this numbers them. Start from the clock so a new
    // activation never reuses numbers an open tab has already seen.
    private long _chatSequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000;
    private readonly Dictionary<string, TaskCompletionSource<NodeReply>> _waiters = [];

    // Replies of this activation, newest last, so a retry is answered without a database read.
    private readonly Dictionary<string, NodeReply> _recentReplies = [];
    private readonly Queue<string> _recentReplyOrder = new();

    // Replies the runtime gave whose transcript line is not written yet (the database was away).
    private readonly Dictionary<string, NodeReply> _unrecordedReplies = [];

    // Completed messages leave the persisted queue lazily: the next Post, a short timer or deactivation
    // writes the state. A crash in between delivers the message again with the same key (at-least-once),
    // and the transcript's unique key keeps a single reply.
    private bool _completionsUnsaved;
    private IGrainTimer? _completionFlush;
    private bool _queueReminderArmed;

    public async Task<NodeReply> SendMessage(Actor actor, NodeMessage message)
    {
        EnsureWritableBy(actor);
        message = ValidateMessage(message);
        if (await FindReplyAsync(message.IdempotencyKey) is { } earlier)
        {
            return earlier;
        }

        var key = message.IdempotencyKey;
        if (!_waiters.TryGetValue(key, out var waiter))
        {
            waiter = new TaskCompletionSource<NodeReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters[key] = waiter;
        }

        try
        {
            await Post(actor, message);
        }
        catch
        {
            _waiters.Remove(key);
            throw;
        }

        try
        {
            return await waiter.Task.WaitAsync(SendTimeout);
        }
        catch (TimeoutException)
        {
            throw new DeepSyncException(DeepSyncError.RuntimeUnavailable, $"{S.Profile!.Name} is offline — your message is queued and will be answered when it is back.");
        }
    }

    public async Task<MessageReceipt> Post(Actor actor, NodeMessage message)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        message = ValidateMessage(message);
        var now = _clock.GetUtcNow();
        var queuedAt = S.Queue.FindIndex(q => q.IdempotencyKey == message.IdempotencyKey);
        if (queuedAt >= 0 || await FindReplyAsync(message.IdempotencyKey) is not null)
        {
            return new MessageReceipt(message.IdempotencyKey, Duplicate: true, Math.Max(queuedAt, 0), now);
        }

        if (S.Lifecycle is not (NodeLifecycle.Running or NodeLifecycle.Sleeping or NodeLifecycle.Provisioning))
        {
            throw new DeepSyncException(DeepSyncError.NodeNotRunning, $"{S.Profile!.Name} is {S.Lifecycle.ToString().ToLowerInvariant()}; launch it first.");
        }

        var queued = new QueuedMessage(message.IdempotencyKey, message.Channel, message.Sender, message.Text, now);
        S.Queue.Add(queued);

        // The one write that makes the message durable (and saves any completions not yet written).
        _completionsUnsaved = false;
        await WriteStateAsync();
        if (!_queueReminderArmed)
        {
            // Wakes the grain after a restart so the queue is answered even if nobody calls it.
            await this.RegisterOrUpdateReminder(LifecycleReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _queueReminderArmed = true;
        }

        NotifyChat(queued, ChatEventKind.Queued, queued.Text);
        EnsureDelivering();
        return new MessageReceipt(message.IdempotencyKey, Duplicate: false, S.Queue.Count - 1, now);
    }

    public async Task<TranscriptPage> GetTranscript(Actor actor, string? channel, long? before, int limit)
    {
        EnsureVisibleTo(actor);
        if (limit is < 1 or > 200)
        {
            throw DeepSyncException.Validation("Page size must be between 1 and 200.");
        }

        return await _transcripts.PageAsync(NodeId, channel, before, limit);
    }

    public Task<IReadOnlyList<NodeMessage>> GetQueue(Actor actor)
    {
        EnsureVisibleTo(actor);
        return Task.FromResult<IReadOnlyList<NodeMessage>>(S.Queue.Select(q => new NodeMessage(q.Channel, q.Sender, q.Text, q.IdempotencyKey)).ToList());
    }

    /// <summary>
    /// Refuses what could never be stored or shown (control characters, U+0000 included, which the
    /// transcript cannot hold), so one message cannot block the queue behind it. The sender's name comes
    /// from the channel, not from our forms, so it is scrubbed rather than refused.
    /// </summary>
    private static NodeMessage ValidateMessage(NodeMessage? message)
    {
        if (message is null || string.IsNullOrWhiteSpace(message.Text))
        {
            throw DeepSyncException.Validation("A message needs text.");
        }

        UserText.Check(message.Text, "A message", TextShape.MultiLine, InputLimits.Message);
        if (string.IsNullOrWhiteSpace(message.IdempotencyKey) || UserText.Problem(message.IdempotencyKey, "key", TextShape.SingleLine, 200) is not null)
        {
            throw DeepSyncException.Validation("A message needs an idempotency key of at most 200 characters, without control characters.");
        }

        if (string.IsNullOrWhiteSpace(message.Channel) || UserText.Problem(message.Channel, "channel", TextShape.SingleLine, 32) is not null)
        {
            throw DeepSyncException.Validation("A message needs a channel name of at most 32 characters, without control characters.");
        }

        return message with { Sender = UserText.Scrub(message.Sender ?? string.Empty) };
    }

    /// <summary>Starts the delivery loop unless it is already running.</summary>
    private void EnsureDelivering()
    {
        if (S.Queue.Count > 0 && (_deliveryLoop is null || _deliveryLoop.IsCompleted))
        {
            _deliveryLoop = DeliverQueueAsync();
        }
    }

    private async Task DeliverQueueAsync()
    {
        var retryDelay = TimeSpan.FromMilliseconds(250);
        while (S.Queue.Count > 0)
        {
            DelayDeactivation(TimeSpan.FromMinutes(5));
            if (S.Suspension is not null)
            {
                // Stored messages wait for a resume; nothing reaches the agent meanwhile.
                FailWaiters(new DeepSyncException(DeepSyncError.NodeSuspended, $"{S.Profile!.Name} is suspended; nothing reaches it until it is resumed."));
                return;
            }

            var head = S.Queue[0];
            if (S.Lifecycle == NodeLifecycle.Sleeping)
            {
                NotifyChat(head, ChatEventKind.WakingUp, null);
                await WakeForMessageAsync(Actor.ForSystem("message-delivery"));
                continue;
            }

            if (S.Lifecycle == NodeLifecycle.Provisioning || S.Operation != NodeOperation.None)
            {
                await Task.Delay(_options.PollInterval);
                continue;
            }

            if (S.Lifecycle != NodeLifecycle.Running || S.AgentId is null)
            {
                // Stopped or failed: the queue waits for the next launch.
                return;
            }

            // A reply whose history line could not be written yet is not asked for again.
            if (_unrecordedReplies.TryGetValue(head.IdempotencyKey, out var answered))
            {
                if (!await TryCompleteAsync(head, answered) && S.Queue.Count > 0 && S.Queue[0] == head)
                {
                    await Task.Delay(retryDelay);
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                }

                continue;
            }

            string text;
            try
            {
                NotifyChat(head, ChatEventKind.Started, null);
                text = await RunAsync(head);
                retryDelay = TimeSpan.FromMilliseconds(250);
            }
            catch (AgentRuntimeException ex) when (ex.Transient || ex.Busy)
            {
                _logger.LogWarning("Runtime unavailable for node {NodeId} ({Message}); message stays queued", NodeId, ex.Message);
                NotifyChat(head, ChatEventKind.RuntimeOffline, $"{S.Profile!.Name} is offline — message queued.");
                await Task.Delay(retryDelay);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                continue;
            }
            catch (AgentRuntimeException ex)
            {
                // A refusal that retrying cannot fix: answer it as failed rather than block the queue.
                GiveUp(head, $"The agent could not answer: {ex.Message}");
                continue;
            }
            catch (DeepSyncException ex) when (ex.Code == DeepSyncError.NodeSuspended)
            {
                NotifyChat(head, ChatEventKind.Cancelled, null);
                FailWaiters(ex);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
            {
                _logger.LogWarning(ex, "Delivering to node {NodeId} failed for now; message stays queued", NodeId);
                await Task.Delay(retryDelay);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                continue;
            }
            catch (Exception ex)
            {
                // Anything else fails the same way next time: the head would wedge every later message.
                _logger.LogError(ex, "Delivering a message to node {NodeId} failed permanently; answering it as failed", NodeId);
                GiveUp(head, "The agent could not answer this message.");
                continue;
            }

            var reply = new NodeReply(head.IdempotencyKey, text, _clock.GetUtcNow());
            if (!await TryCompleteAsync(head, reply) && S.Queue.Count > 0 && S.Queue[0] == head)
            {
                // History is where a retried message finds its answer: the message stays queued (with its
                // reply kept in memory) until the line is written.
                _unrecordedReplies[head.IdempotencyKey] = reply;
                await Task.Delay(retryDelay);
                retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// Records the exchange in the transcript; only then is the message answered and dequeued. Returns
    /// false while the store is away. Lines the store refuses for good answer the message as failed and
    /// dequeue it (also returning false), so the messages behind it are still answered.
    /// </summary>
    private async Task<bool> TryCompleteAsync(QueuedMessage head, NodeReply reply)
    {
        try
        {
            await _transcripts.AppendAsync([
                new TranscriptEntry(0, NodeId, head.Channel, head.IdempotencyKey, TranscriptRole.User, head.Sender, head.Text, head.ReceivedAt),
                new TranscriptEntry(0, NodeId, head.Channel, head.IdempotencyKey, TranscriptRole.Assistant, S.Profile!.Name, reply.Text, reply.At)]);
        }
        catch (TranscriptRejectedException ex)
        {
            _logger.LogError(ex, "The transcript refused a message of node {NodeId}; answering it as failed", NodeId);
            _unrecordedReplies.Remove(head.IdempotencyKey);
            GiveUp(head, "This message could not be recorded, so it was not answered.");
            return false;
        }
        catch (Exception ex)
        {
            // The message is still safe in the grain's queue; the exchange is recorded on a later try.
            _logger.LogWarning(ex, "Writing the transcript of node {NodeId} failed; retrying", NodeId);
            return false;
        }

        _unrecordedReplies.Remove(head.IdempotencyKey);
        S.Queue.RemoveAt(0);
        Remember(reply);
        S.LastActivityAt = reply.At;
        ScheduleCompletionFlush();
        NotifyChat(head, ChatEventKind.Completed, reply.Text);
        Complete(head.IdempotencyKey, reply, null);
        return true;
    }

    /// <summary>The reply already given to this key: from this activation, else from the transcript store.</summary>
    private async Task<NodeReply?> FindReplyAsync(string key)
    {
        if (_recentReplies.TryGetValue(key, out var reply))
        {
            return reply;
        }

        var recorded = await _transcripts.FindReplyAsync(NodeId, key);
        return recorded is null ? null : Remember(new NodeReply(key, recorded.Text, recorded.At));
    }

    private NodeReply Remember(NodeReply reply)
    {
        if (_recentReplies.TryAdd(reply.IdempotencyKey, reply))
        {
            _recentReplyOrder.Enqueue(reply.IdempotencyKey);
            while (_recentReplyOrder.Count > RecentReplyLimit)
            {
                _recentReplies.Remove(_recentReplyOrder.Dequeue());
            }
        }

        return reply;
    }

    private void ScheduleCompletionFlush()
    {
        _completionsUnsaved = true;
        _completionFlush ??= this.RegisterGrainTimer(
            static (self, _) => self.FlushCompletionsAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = CompletionFlushDelay, Period = Timeout.InfiniteTimeSpan, Interleave = true });
    }

    private async Task FlushCompletionsAsync()
    {
        _completionFlush?.Dispose();
        _completionFlush = null;
        if (_completionsUnsaved)
        {
            _completionsUnsaved = false;
            await WriteStateAsync();
        }
    }

    private async Task<string> RunAsync(QueuedMessage message)
    {
        var agentId = S.AgentId!;
        if (!S.Conversations.TryGetValue(message.Channel, out var conversationId))
        {
            conversationId = await _runtime.EnsureConversationAsync(agentId, message.Channel, null);
            S.Conversations[message.Channel] = conversationId;
        }

        // The last check before anything reaches the agent; the kill switch flips this flag synchronously.
        EnsureNotSuspended();
        using var run = new CancellationTokenSource();
        _activeRun = run;
        _activeConversation = conversationId;
        var reply = new StringBuilder();
        try
        {
            await foreach (var item in _runtime.SendAsync(new AgentMessage(agentId, conversationId, message.Sender, message.Text, message.IdempotencyKey), run.Token))
            {
                if (run.IsCancellationRequested)
                {
                    break;
                }

                if (item is AssistantTextDelta delta)
                {
                    // Not our text: scrubbed so it can always be stored and shown.
                    reply.Append(UserText.Scrub(delta.Text));
                    NotifyChat(message, ChatEventKind.Delta, reply.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
        }
        finally
        {
            _activeRun = null;
        }

        EnsureNotSuspended();
        return reply.ToString();
    }

    private async Task WakeForMessageAsync(Actor actor)
    {
        await Wake(actor);
        var deadline = _clock.GetUtcNow() + _options.WakeTimeout;
        while (S.Lifecycle == NodeLifecycle.Sleeping && S.Operation == NodeOperation.Wake && _clock.GetUtcNow() < deadline)
        {
            await Task.Delay(_options.PollInterval);
            await AdvanceUntilWaitingAsync();
        }
    }

    /// <summary>Answers the head message as failed and dequeues it: retrying could not help.</summary>
    private void GiveUp(QueuedMessage head, string reason)
    {
        NotifyChat(head, ChatEventKind.Failed, reason);
        S.Queue.RemoveAt(0);
        ScheduleCompletionFlush();
        Complete(head.IdempotencyKey, null, new DeepSyncException(DeepSyncError.RuntimeUnavailable, reason));
    }

    private void NotifyChat(QueuedMessage message, ChatEventKind kind, string? text)
    {
        var chatEvent = new ChatEvent(NodeId, message.Channel, message.IdempotencyKey, kind, text, kind == ChatEventKind.Queued ? message.Sender : null, _clock.GetUtcNow(), ++_chatSequence);
        _observers.Notify(o => o.OnChatEvent(chatEvent));
    }

    private void Complete(string key, NodeReply? reply, Exception? error)
    {
        if (_waiters.Remove(key, out var waiter))
        {
            if (reply is not null)
            {
                waiter.TrySetResult(reply);
            }
            else
            {
                waiter.TrySetException(error!);
            }
        }
    }

    private void FailWaiters(Exception error)
    {
        foreach (var waiter in _waiters.Values)
        {
            waiter.TrySetException(error);
        }

        _waiters.Clear();
    }
}

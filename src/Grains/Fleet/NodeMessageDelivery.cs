using DeepSync.Agents;
using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Governance;
using Microsoft.Extensions.Logging;

namespace DeepSync.Fleet;

/// <summary>
/// Message delivery, the only path from a channel to the node's agent. A message is written to the
/// node's state before it is acknowledged; one detached loop answers the queue in order, one run at a
/// time, retrying while the runtime or the transcript store is away. A message that fails for good is
/// answered with an error and leaves the queue, so it cannot hold up the ones behind it. The loop checks
/// the suspension flag before every run, and the kill switch cuts a run in progress.
/// </summary>
public sealed class NodeMessageDelivery(
    NodeRecord record,
    INodeActivation activation,
    NodeLifecycleDriver lifecycle,
    NodeAgentRun agent,
    NodeReplies replies,
    NodeChatEvents chat,
    ITranscriptStore transcripts,
    NodeLifecycleOptions options,
    ILogger logger)
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CompletionFlushDelay = TimeSpan.FromSeconds(1);

    private Task? _loop;
    private TimeSpan _retryDelay = FirstRetryDelay;

    // Completed messages leave the persisted queue lazily: the next Post, a short timer or deactivation
    // writes the state. A crash in between delivers the message again with the same key (at-least-once),
    // and the transcript's unique key keeps a single reply.
    private bool _completionsUnsaved;
    private IDisposable? _completionFlush;
    private bool _reminderArmed;

    private TeammateNodeState S => record.S;

    public async Task<NodeReply> SendAsync(Actor actor, NodeMessage message)
    {
        if (await replies.FindAsync(message.IdempotencyKey) is { } earlier)
        {
            return earlier;
        }

        record.EnsureNotSuspended();
        var reply = replies.WaitFor(message.IdempotencyKey);
        try
        {
            await PostAsync(actor, message);
        }
        catch
        {
            replies.Forget(message.IdempotencyKey);
            throw;
        }

        try
        {
            return await reply.WaitAsync(SendTimeout);
        }
        catch (TimeoutException)
        {
            throw new DeepSyncException(DeepSyncError.RuntimeUnavailable, $"{S.Profile!.Name} is offline — your message is queued and will be answered when it is back.");
        }
    }

    public async Task<MessageReceipt> PostAsync(Actor actor, NodeMessage message)
    {
        var now = record.Now;
        var queuedAt = S.Queue.FindIndex(q => q.IdempotencyKey == message.IdempotencyKey);
        if (queuedAt >= 0 || await replies.FindAsync(message.IdempotencyKey) is not null)
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
        await record.WriteAsync();
        if (!_reminderArmed)
        {
            // Wakes the grain after a restart so the queue is answered even if nobody calls it.
            await activation.ArmReminderAsync();
            _reminderArmed = true;
        }

        chat.Notify(queued, ChatEventKind.Queued, queued.Text);
        EnsureDelivering();
        return new MessageReceipt(message.IdempotencyKey, Duplicate: false, S.Queue.Count - 1, now);
    }

    /// <summary>Starts the delivery loop unless it is already running.</summary>
    public void EnsureDelivering()
    {
        if (S.Queue.Count > 0 && (_loop is null || _loop.IsCompleted))
        {
            _loop = DeliverQueueAsync();
        }
    }

    /// <summary>Writes completions not yet written (deactivation would otherwise deliver them again).</summary>
    public async Task FlushCompletionsAsync()
    {
        _completionFlush?.Dispose();
        _completionFlush = null;
        if (_completionsUnsaved)
        {
            _completionsUnsaved = false;
            await record.WriteAsync();
        }
    }

    private async Task DeliverQueueAsync()
    {
        _retryDelay = FirstRetryDelay;
        while (S.Queue.Count > 0)
        {
            activation.KeepAlive(TimeSpan.FromMinutes(5));
            if (S.Suspension is not null)
            {
                // Stored messages wait for a resume; nothing reaches the agent meanwhile.
                replies.FailAll(new DeepSyncException(DeepSyncError.NodeSuspended, $"{S.Profile!.Name} is suspended; nothing reaches it until it is resumed."));
                return;
            }

            var head = S.Queue[0];
            if (S.Lifecycle == NodeLifecycle.Sleeping)
            {
                chat.Notify(head, ChatEventKind.WakingUp, null);
                await WakeForMessageAsync();
                continue;
            }

            if (S.Lifecycle == NodeLifecycle.Provisioning || S.Operation != NodeOperation.None)
            {
                await Task.Delay(options.PollInterval);
                continue;
            }

            if (S.Lifecycle != NodeLifecycle.Running || S.AgentId is null)
            {
                // Stopped or failed: the queue waits for the next launch.
                return;
            }

            if (!await DeliverHeadAsync(head))
            {
                return;
            }
        }
    }

    /// <summary>Answers the head message once; returns false when the loop must end (suspended).</summary>
    private async Task<bool> DeliverHeadAsync(QueuedMessage head)
    {
        // A reply whose history line could not be written yet is not asked for again.
        if (!replies.Unrecorded.TryGetValue(head.IdempotencyKey, out var reply))
        {
            try
            {
                chat.Notify(head, ChatEventKind.Started, null);
                reply = new NodeReply(head.IdempotencyKey, await agent.RunAsync(head), record.Now);
                _retryDelay = FirstRetryDelay;
            }
            catch (AgentRuntimeException ex) when (ex.Transient || ex.Busy)
            {
                logger.LogWarning("Runtime unavailable for node {NodeId} ({Message}); message stays queued", record.NodeId, ex.Message);
                chat.Notify(head, ChatEventKind.RuntimeOffline, $"{S.Profile!.Name} is offline — message queued.");
                await BackOffAsync();
                return true;
            }
            catch (DeepSyncException ex) when (ex.Code == DeepSyncError.NodeSuspended)
            {
                chat.Notify(head, ChatEventKind.Cancelled, null);
                replies.FailAll(ex);
                return false;
            }
            catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
            {
                logger.LogWarning(ex, "Delivering to node {NodeId} failed for now; message stays queued", record.NodeId);
                await BackOffAsync();
                return true;
            }
            catch (AgentRuntimeException ex)
            {
                // A refusal that retrying cannot fix: answer it as failed rather than block the queue.
                GiveUp(head, $"The agent could not answer: {ex.Message}");
                return true;
            }
            catch (Exception ex)
            {
                // Anything else fails the same way next time: the head would hold up every later message.
                logger.LogError(ex, "Delivering a message to node {NodeId} failed permanently; answering it as failed", record.NodeId);
                GiveUp(head, "The agent could not answer this message.");
                return true;
            }
        }

        if (!await TryCompleteAsync(head, reply))
        {
            // History is where a retried message finds its answer: the message stays queued (with its
            // reply kept in memory) until the line is written.
            replies.Unrecorded[head.IdempotencyKey] = reply;
            await BackOffAsync();
        }

        return true;
    }

    /// <summary>
    /// Records the exchange in the transcript; only then is the message answered and dequeued. Returns
    /// false while the store is away. Lines the store refuses for good answer the message as failed and
    /// dequeue it, so the messages behind it are still answered.
    /// </summary>
    private async Task<bool> TryCompleteAsync(QueuedMessage head, NodeReply reply)
    {
        try
        {
            await transcripts.AppendAsync([
                new TranscriptEntry(0, record.NodeId, head.Channel, head.IdempotencyKey, TranscriptRole.User, head.Sender, head.Text, head.ReceivedAt),
                new TranscriptEntry(0, record.NodeId, head.Channel, head.IdempotencyKey, TranscriptRole.Assistant, S.Profile!.Name, reply.Text, reply.At)]);
        }
        catch (TranscriptRejectedException ex)
        {
            logger.LogError(ex, "The transcript refused a message of node {NodeId}; answering it as failed", record.NodeId);
            replies.Unrecorded.Remove(head.IdempotencyKey);
            GiveUp(head, "This message could not be recorded, so it was not answered.");
            return true;
        }
        catch (Exception ex)
        {
            // The message is still safe in the node's queue; the exchange is recorded on a later try.
            logger.LogWarning(ex, "Writing the transcript of node {NodeId} failed; retrying", record.NodeId);
            return false;
        }

        replies.Unrecorded.Remove(head.IdempotencyKey);
        S.Queue.RemoveAt(0);
        replies.Remember(reply);
        S.LastActivityAt = reply.At;
        ScheduleCompletionFlush();
        chat.Notify(head, ChatEventKind.Completed, reply.Text);
        replies.Complete(head.IdempotencyKey, reply, null);
        return true;
    }

    /// <summary>Answers the head message as failed and dequeues it: retrying could not help.</summary>
    private void GiveUp(QueuedMessage head, string reason)
    {
        chat.Notify(head, ChatEventKind.Failed, reason);
        S.Queue.RemoveAt(0);
        ScheduleCompletionFlush();
        replies.Complete(head.IdempotencyKey, null, new DeepSyncException(DeepSyncError.RuntimeUnavailable, reason));
    }

    private async Task BackOffAsync()
    {
        await Task.Delay(_retryDelay);
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
    }

    private void ScheduleCompletionFlush()
    {
        _completionsUnsaved = true;
        _completionFlush ??= activation.StartTimer(FlushCompletionsAsync, CompletionFlushDelay, Timeout.InfiniteTimeSpan, interleave: true);
    }

    private async Task WakeForMessageAsync()
    {
        await lifecycle.WakeAsync(Actor.ForSystem("message-delivery"));
        var deadline = record.Now + options.WakeTimeout;
        while (S.Lifecycle == NodeLifecycle.Sleeping && S.Operation == NodeOperation.Wake && record.Now < deadline)
        {
            await Task.Delay(options.PollInterval);
            await lifecycle.AdvanceUntilWaitingAsync();
        }
    }
}

using System.Text;
using DeepSync.Agents;
using DeepSync.Errors;
using DeepSync.Governance;

namespace DeepSync.Fleet;

/// <summary>Message delivery: the only path from a channel to the node's agent.</summary>
public sealed partial class TeammateNodeGrain
{
    private const int RecentReplyLimit = 256;
    private const int MaxMessageLength = 8_000;

    // The run in flight, so the kill switch (which interleaves) can cut it.
    private CancellationTokenSource? _activeRun;
    private string? _activeConversation;

    public async Task<NodeReply> SendMessage(Actor actor, NodeMessage message)
    {
        EnsureWritableBy(actor);
        EnsureNotSuspended();
        ValidateMessage(message);
        if (S.RecentReplies.TryGetValue(message.IdempotencyKey, out var earlier))
        {
            return earlier;
        }

        if (S.Lifecycle == NodeLifecycle.Sleeping)
        {
            await WakeForMessageAsync(actor);
        }

        if (S.Lifecycle != NodeLifecycle.Running || S.AgentId is null)
        {
            throw new DeepSyncException(DeepSyncError.NodeNotRunning, $"{S.Profile!.Name} is {S.Lifecycle.ToString().ToLowerInvariant()}; launch it first.");
        }

        var text = await RunAsync(message);
        EnsureNotSuspended();
        var reply = new NodeReply(message.IdempotencyKey, text, _clock.GetUtcNow());
        S.RecentReplies[message.IdempotencyKey] = reply;
        S.RecentReplyOrder.Add(message.IdempotencyKey);
        while (S.RecentReplyOrder.Count > RecentReplyLimit)
        {
            S.RecentReplies.Remove(S.RecentReplyOrder[0]);
            S.RecentReplyOrder.RemoveAt(0);
        }

        S.LastActivityAt = _clock.GetUtcNow();
        await _writeGate.WaitAsync();
        try
        {
            await _state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }

        return reply;
    }

    private static void ValidateMessage(NodeMessage? message)
    {
        if (message is null || string.IsNullOrWhiteSpace(message.Text))
        {
            throw DeepSyncException.Validation("A message needs text.");
        }

        if (message.Text.Length > MaxMessageLength)
        {
            throw DeepSyncException.Validation($"A message must be at most {MaxMessageLength} characters (got {message.Text.Length}).");
        }

        if (string.IsNullOrWhiteSpace(message.IdempotencyKey) || message.IdempotencyKey.Length > 200)
        {
            throw DeepSyncException.Validation("A message needs an idempotency key of at most 200 characters.");
        }

        if (string.IsNullOrWhiteSpace(message.Channel) || message.Channel.Length > 32)
        {
            throw DeepSyncException.Validation("A message needs a channel name of at most 32 characters.");
        }
    }

    private async Task<string> RunAsync(NodeMessage message)
    {
        var agentId = S.AgentId!;
        try
        {
            if (!S.Conversations.TryGetValue(message.Channel, out var conversationId))
            {
                conversationId = await _runtime.EnsureConversationAsync(agentId, message.Channel, null);
                EnsureNotSuspended();
                S.Conversations[message.Channel] = conversationId;
            }

            using var run = new CancellationTokenSource();
            _activeRun = run;
            _activeConversation = conversationId;
            var reply = new StringBuilder();
            try
            {
                await foreach (var item in _runtime.SendAsync(new AgentMessage(agentId, conversationId, message.Sender, message.Text, message.IdempotencyKey), run.Token))
                {
                    // A suspension mid-stream: stop reading; nothing more is delivered.
                    if (run.IsCancellationRequested)
                    {
                        break;
                    }

                    if (item is AssistantTextDelta delta)
                    {
                        reply.Append(delta.Text);
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
        catch (AgentRuntimeException ex) when (ex.Transient || ex.Busy)
        {
            throw new DeepSyncException(DeepSyncError.RuntimeUnavailable, $"{S.Profile!.Name} cannot answer right now ({ex.Message}); try again shortly.");
        }
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

        EnsureNotSuspended();
    }
}

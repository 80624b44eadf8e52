using System.Text;
using DeepSync.Agents;
using DeepSync.Conversations;
using DeepSync.Text;

namespace DeepSync.Fleet;

/// <summary>
/// The one run in flight toward the node's agent. Delivery starts runs; the kill switch cuts them
/// synchronously (<see cref="Cut"/>), so neither needs to know the other.
/// </summary>
public sealed class NodeAgentRun(NodeRecord record, IAgentRuntime runtime, NodeChatEvents chat)
{
    private CancellationTokenSource? _run;
    private string? _conversation;

    /// <summary>Cancels the run in flight, if any, before any await; returns the conversation it was in (null when none was running).</summary>
    public string? Cut()
    {
        var run = _run;
        run?.Cancel();
        return run is null ? null : _conversation;
    }

    /// <summary>Streams <paramref name="message"/> to the agent and returns the reply, scrubbed (it is not our text).</summary>
    public async Task<string> RunAsync(QueuedMessage message)
    {
        // Nothing of a suspended node reaches the runtime, not even the opening of a conversation.
        record.EnsureNotSuspended();
        var agentId = record.S.AgentId!;
        if (!record.S.Conversations.TryGetValue(message.Channel, out var conversationId))
        {
            conversationId = await runtime.EnsureConversationAsync(agentId, message.Channel, null);
            record.S.Conversations[message.Channel] = conversationId;
        }

        // The last check before anything reaches the agent; the kill switch flips this flag synchronously.
        record.EnsureNotSuspended();
        using var run = new CancellationTokenSource();
        _run = run;
        _conversation = conversationId;
        var reply = new StringBuilder();
        try
        {
            await foreach (var item in runtime.SendAsync(new AgentMessage(agentId, conversationId, message.Sender, message.Text, message.IdempotencyKey), run.Token))
            {
                if (run.IsCancellationRequested)
                {
                    break;
                }

                if (item is AssistantTextDelta delta)
                {
                    reply.Append(UserText.Scrub(delta.Text));
                    chat.Notify(message, ChatEventKind.Delta, reply.ToString());
                }
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
        }
        finally
        {
            _run = null;
        }

        record.EnsureNotSuspended();
        return reply.ToString();
    }
}

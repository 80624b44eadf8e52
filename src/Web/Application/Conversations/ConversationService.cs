using DeepSync.Conversations;
using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Conversations;

/// <summary>A conversation with one teammate: post a message (durable before the reply), read history and the waiting queue.</summary>
public sealed class ConversationService(IGrainFactory grains)
{
    private ITeammateNodeGrain Node(Guid nodeId) => grains.GetGrain<ITeammateNodeGrain>(nodeId);

    public Task<MessageReceipt> PostAsync(Actor actor, Guid nodeId, NodeMessage message) => Node(nodeId).Post(actor, message);

    public Task<TranscriptPage> HistoryAsync(Actor actor, Guid nodeId, string channel, long? before, int limit) => Node(nodeId).GetTranscript(actor, channel, before, limit);

    public Task<IReadOnlyList<NodeMessage>> QueueAsync(Actor actor, Guid nodeId) => Node(nodeId).GetQueue(actor);
}

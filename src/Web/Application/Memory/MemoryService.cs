using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Memory;

namespace DeepSync.Web.Application.Memory;

/// <summary>A teammate's memory (DeepVault): core blocks edited against a version, archival passages with provenance.</summary>
public sealed class MemoryService(IGrainFactory grains)
{
    private ITeammateNodeGrain Node(Guid nodeId) => grains.GetGrain<ITeammateNodeGrain>(nodeId);

    public Task<IReadOnlyList<CoreMemoryBlock>> CoreAsync(Actor actor, Guid nodeId) => Node(nodeId).GetCoreMemory(actor);

    public Task<CoreMemoryBlock> UpdateCoreAsync(Actor actor, Guid nodeId, string label, string value, string expectedVersion) =>
        Node(nodeId).UpdateCoreMemory(actor, label, value, expectedVersion);

    public Task<IReadOnlyList<ArchivalMemoryItem>> SearchAsync(Actor actor, Guid nodeId, string? query, int limit) => Node(nodeId).SearchArchival(actor, query, limit);

    public Task<ArchivalMemoryItem> AddAsync(Actor actor, Guid nodeId, string text, string channel) => Node(nodeId).AddArchival(actor, text, channel, null);

    public Task DeleteAsync(Actor actor, Guid nodeId, string passageId) => Node(nodeId).DeleteArchival(actor, passageId);
}

using DeepSync.Agents;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Memory;
using DeepSync.Text;

namespace DeepSync.Fleet;

/// <summary>
/// DeepVault: the owner's view of the agent's memory, with text checked at the door, edits audited and
/// guarded against lost updates. The grain has checked who is asking before any of these run.
/// </summary>
public sealed class NodeMemoryProxy(NodeRecord record, IAgentRuntime runtime, IProvenanceStore provenanceStore)
{
    public async Task<IReadOnlyList<CoreMemoryBlock>> GetCoreAsync()
    {
        var blocks = await MemoryCallAsync(agentId => runtime.GetCoreMemoryAsync(agentId));
        return blocks.Select(ToView).ToList();
    }

    public async Task<CoreMemoryBlock> UpdateCoreAsync(Actor actor, string label, string value, string expectedVersion)
    {
        label = UserText.Check(label, "A memory block's label", TextShape.SingleLine, 100);
        value = UserText.Check(value ?? throw DeepSyncException.Validation("A memory block needs a value."), "A memory block", TextShape.MultiLine, InputLimits.MemoryText);

        var current = (await MemoryCallAsync(agentId => runtime.GetCoreMemoryAsync(agentId))).FirstOrDefault(b => b.Label == label)
            ?? throw DeepSyncException.Validation($"There is no memory block '{label}'.");
        if (current.Limit is { } limit && value.Length > limit)
        {
            throw DeepSyncException.Validation($"The '{label}' block holds at most {limit} characters (got {value.Length}).");
        }

        if (MemoryVersion.Of(current.Value) != expectedVersion)
        {
            throw new DeepSyncException(DeepSyncError.Conflict, $"The '{label}' block changed since you opened it; reload it and apply your edit again.");
        }

        var updated = await MemoryCallAsync(agentId => runtime.UpdateCoreMemoryAsync(agentId, label, value));
        await record.CommitAsync(record.Audit(AuditAction.MemoryBlockEdited, actor, ("label", label), ("length", value.Length.ToString())));
        return ToView(updated);
    }

    public async Task<IReadOnlyList<ArchivalMemoryItem>> SearchArchivalAsync(string? query, int limit)
    {
        if (limit is < 1 or > 100)
        {
            throw DeepSyncException.Validation("Search limit must be between 1 and 100.");
        }

        var search = UserText.Check(query, "A search", TextShape.SingleLine, InputLimits.MemorySearch);
        var passages = await MemoryCallAsync(agentId => runtime.SearchArchivalAsync(agentId, search.Length == 0 ? null : search, limit));
        var provenance = await provenanceStore.FindAsync(record.NodeId, passages.Select(p => p.Id).ToList());
        return passages.Select(p => new ArchivalMemoryItem(p.Id, p.Text, p.Tags, p.CreatedAt, provenance.GetValueOrDefault(p.Id))).ToList();
    }

    public async Task<ArchivalMemoryItem> AddArchivalAsync(Actor actor, string text, string channel, string? messageKey)
    {
        var trimmed = UserText.Check((text ?? string.Empty).Trim(), "A passage", TextShape.MultiLine, InputLimits.MemoryText);
        if (trimmed.Length == 0)
        {
            throw DeepSyncException.Validation($"A passage needs 1-{InputLimits.MemoryText} characters.");
        }

        var source = UserText.Check(channel, "A channel", TextShape.SingleLine, 32);
        source = source.Length == 0 ? "web" : source;
        messageKey = messageKey is null ? null : UserText.Check(messageKey, "A message key", TextShape.SingleLine, 200);
        var passage = await MemoryCallAsync(agentId => runtime.InsertArchivalAsync(agentId, trimmed, [$"source:{source}"]));
        var provenance = new Provenance(source, messageKey, actor.DisplayName, record.Now);
        await provenanceStore.RecordAsync(record.NodeId, passage.Id, provenance);
        await record.CommitAsync(record.Audit(AuditAction.ArchivalAdded, actor, ("passage_id", passage.Id), ("channel", source), ("message", messageKey)));
        return new ArchivalMemoryItem(passage.Id, passage.Text, passage.Tags, passage.CreatedAt, provenance);
    }

    public async Task DeleteArchivalAsync(Actor actor, string passageId)
    {
        if (string.IsNullOrWhiteSpace(passageId) || UserText.Problem(passageId, "id", TextShape.SingleLine, 200) is not null)
        {
            throw DeepSyncException.Validation("A passage id is required.");
        }

        await MemoryCallAsync(async agentId =>
        {
            await runtime.DeleteArchivalAsync(agentId, passageId);
            return true;
        });
        await record.CommitAsync(record.Audit(AuditAction.ArchivalDeleted, actor, ("passage_id", passageId)));
    }

    private static CoreMemoryBlock ToView(MemoryBlock block) =>
        new(block.Label, block.Value, block.Limit, block.Description, MemoryVersion.Of(block.Value));

    /// <summary>Runs a memory operation against the agent, turning runtime failures into refusals people can read.</summary>
    private async Task<T> MemoryCallAsync<T>(Func<string, Task<T>> call)
    {
        if (record.S.AgentId is not { } agentId)
        {
            throw new DeepSyncException(DeepSyncError.NodeNotRunning, $"{record.S.Profile!.Name} has no agent yet; launch it first.");
        }

        try
        {
            return await call(agentId);
        }
        catch (AgentRuntimeException ex) when (ex.NotSupported)
        {
            throw new DeepSyncException(DeepSyncError.NotSupportedByRuntime, ex.Message);
        }
        catch (AgentRuntimeException ex) when (ex.Transient || ex.Busy)
        {
            throw new DeepSyncException(DeepSyncError.RuntimeUnavailable, $"{record.S.Profile!.Name}'s memory cannot be reached right now ({ex.Message}); try again shortly.");
        }
        catch (AgentRuntimeException ex)
        {
            throw DeepSyncException.Validation(ex.Message);
        }
    }
}

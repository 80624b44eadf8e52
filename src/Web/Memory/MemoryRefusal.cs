using DeepSync.Errors;

namespace DeepSync.Web.Memory;

/// <summary>What the memory tab says when the node refuses a memory operation.</summary>
public static class MemoryRefusal
{
    public static string Describe(DeepSyncException refusal, string nodeName) => refusal.Code switch
    {
        DeepSyncError.NotSupportedByRuntime =>
            $"{nodeName}'s agent runtime does not expose its memory ({refusal.Message.TrimEnd('.')}). Memory can be viewed and edited with the Letta or offline runtime.",
        DeepSyncError.NodeNotRunning => $"{refusal.Message.TrimEnd('.')}. Use Launch above; the memory appears once the agent exists.",
        DeepSyncError.NodeSuspended => $"{nodeName} is suspended, so its memory cannot be changed until it is resumed.",
        DeepSyncError.RuntimeUnavailable => refusal.Message,
        _ => refusal.Message,
    };

    /// <summary>Why an edit was refused because someone (the agent, another tab) changed the block first.</summary>
    public static string Conflict(string label) =>
        $"The '{label}' block changed while you were editing it (the agent or another tab wrote to it). It has been reloaded: the saved value is shown above your text, which is kept in the editor; check it and save again.";
}

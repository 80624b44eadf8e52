using DeepSync.Errors;

namespace DeepSync.Web.Conversations;

/// <summary>What the composer tells the user when the node refuses a message; the node's own words where they are clear.</summary>
public static class ChatRefusal
{
    public static string Describe(DeepSyncException refusal, string nodeName) => refusal.Code switch
    {
        DeepSyncError.NodeSuspended => $"{nodeName} is suspended, so nothing reaches it. Your message was not sent.",
        DeepSyncError.NodeNotRunning => $"{refusal.Message.TrimEnd('.')}. Use Launch above to start {nodeName}; your message is still here to send.",
        DeepSyncError.ValidationFailed => refusal.Message,
        DeepSyncError.RuntimeUnavailable => $"{nodeName} is offline right now: {refusal.Message}",
        _ => refusal.Message,
    };

    /// <summary>The hint for a message longer than the node accepts (checked before sending).</summary>
    public static string TooLong(int length, int max) => $"A message can be at most {max:N0} characters; this one has {length:N0}. Shorten it or split it in two.";
}

using DeepSync.Memory;

namespace DeepSync.Web.Memory;

/// <summary>How an archival passage's origin reads: channel, message, author and time, or that the agent stored it itself.</summary>
public static class ProvenanceText
{
    public static string Describe(ArchivalMemoryItem item) => item.Provenance is { } p
        ? $"Added by {p.Author} via {p.Channel}{(string.IsNullOrEmpty(p.MessageKey) ? "" : $", message {Short(p.MessageKey)}")} · {p.At.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
        : $"Added by the agent · {item.CreatedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";

    // Idempotency keys are long GUIDs; the start identifies the message well enough on screen.
    private static string Short(string key) => key.Length > 12 ? key[..12] + "…" : key;
}

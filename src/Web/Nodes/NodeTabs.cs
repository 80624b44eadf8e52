namespace DeepSync.Web.Nodes;

/// <summary>The node page's tabs and their addresses (<c>/nodes/{id}/chat</c>), so a reload or a shared link opens the same tab.</summary>
public static class NodeTabs
{
    /// <summary>The path segment of each tab, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> Slugs = ["overview", "audit", "chat", "memory", "channels", "voice"];

    /// <summary>The tab an address names; the overview for none or an unknown one.</summary>
    public static int IndexOf(string? slug)
    {
        var index = slug is null ? -1 : Slugs.ToList().IndexOf(slug.ToLowerInvariant());
        return index < 0 ? 0 : index;
    }

    public static string PathOf(Guid nodeId, int index) =>
        index <= 0 || index >= Slugs.Count ? $"/nodes/{nodeId}" : $"/nodes/{nodeId}/{Slugs[index]}";
}

namespace DeepSync.Web.Application.Ledger;

/// <summary>The ledger filters as the page and the CSV export take them from the query string; every one is optional.</summary>
public sealed record LedgerFilter(string? Action = null, Guid? NodeId = null, Guid? UserId = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public string ToQuery()
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Action))
        {
            parts.Add("action=" + Uri.EscapeDataString(Action.Trim()));
        }

        if (NodeId is { } node)
        {
            parts.Add("nodeId=" + node);
        }

        if (UserId is { } user)
        {
            parts.Add("userId=" + user);
        }

        if (From is { } from)
        {
            parts.Add("from=" + Uri.EscapeDataString(from.ToString("O")));
        }

        if (To is { } to)
        {
            parts.Add("to=" + Uri.EscapeDataString(to.ToString("O")));
        }

        return string.Join('&', parts);
    }
}

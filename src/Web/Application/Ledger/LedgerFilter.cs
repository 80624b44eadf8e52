using DeepSync.Silo.Governance;

namespace DeepSync.Web.Overwatch;

/// <summary>The ledger filters as the page and the CSV export take them from the query string.</summary>
public sealed record AuditFilterInput(string? Action, Guid? NodeId, Guid? UserId, DateTimeOffset? From, DateTimeOffset? To)
{
    public AuditFilter ToFilter() => new(NodeId, UserId, string.IsNullOrWhiteSpace(Action) ? null : Action.Trim(), From, To);

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

using DeepSync.Governance;
using DeepSync.Silo.Governance;

namespace DeepSync.Web.Application.Overwatch;

/// <summary>
/// Requests for a bigger plan that no operator has acted on yet (operators only). A request is open until the
/// user's plan changes after it; a newer request of the same user replaces the older one.
/// </summary>
public sealed class UpgradeRequests(AuditLedgerQuery ledger)
{
    /// <summary>How many of the newest requests are looked at.</summary>
    public const int Window = 200;

    public async Task<IReadOnlyList<UpgradeRequest>> OpenAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        Access.RequireOperator(actor);
        var requests = await ledger.ReadAsync(new AuditFilter(Action: AuditAction.UpgradeRequested), Window, null, cancellationToken);
        var open = new List<UpgradeRequest>();
        foreach (var latest in requests.Where(r => r.UserId is not null).GroupBy(r => r.UserId!.Value).Select(g => g.First()))
        {
            var changes = await ledger.ReadAsync(new AuditFilter(UserId: latest.UserId, Action: AuditAction.TierChanged, From: latest.OccurredAt), 1, null, cancellationToken);
            if (changes.Count == 0)
            {
                open.Add(new UpgradeRequest(
                    latest.UserId!.Value,
                    latest.Details.GetValueOrDefault("email", string.Empty),
                    latest.Details.GetValueOrDefault("from", string.Empty),
                    latest.Details.GetValueOrDefault("to", string.Empty),
                    latest.OccurredAt));
            }
        }

        return open;
    }
}

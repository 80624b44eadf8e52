using System.Runtime.CompilerServices;
using DeepSync.Governance;
using DeepSync.Web.Application.Ledger;
using DeepSync.Web.Accounts;
using Orleans.Dashboard;

namespace DeepSync.Web.Overwatch;

/// <summary>Operator-only HTTP endpoints: the ledger as CSV and the Orleans Dashboard.</summary>
public static class OverwatchEndpoints
{
    public const string DashboardPath = "/ops/orleans";

    /// <summary>At most this many rows per export, so one click cannot tie up the database for long.</summary>
    public const int MaxExportRows = 100_000;

    public static IEndpointRouteBuilder MapOverwatchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ops/export/audit.csv", (HttpContext http, LedgerQueries ledger, string? action, Guid? nodeId, Guid? userId, DateTimeOffset? from, DateTimeOffset? to) =>
        {
            var filter = new LedgerFilter(action, nodeId, userId, from, to);
            var actor = http.User.OperatorActor();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"deepsync-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            return Results.Stream(output => AuditCsv.WriteAsync(output, ReadAllAsync(ledger, actor, filter, http.RequestAborted), http.RequestAborted), "text/csv; charset=utf-8");
        }).RequireAuthorization(DeepSyncClaims.OperatorPolicy);

        endpoints.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(DeepSyncClaims.OperatorPolicy);
        return endpoints;
    }

    private static async IAsyncEnumerable<LedgerLine> ReadAllAsync(LedgerQueries ledger, Actor actor, LedgerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? before = null;
        var written = 0;
        while (written < MaxExportRows)
        {
            var page = await ledger.SearchAsync(actor, filter, LedgerQueries.MaxPageSize, before, cancellationToken);
            foreach (var record in page)
            {
                yield return record;
            }

            written += page.Count;
            if (page.Count < LedgerQueries.MaxPageSize)
            {
                yield break;
            }

            before = page[^1].Sequence;
        }
    }
}

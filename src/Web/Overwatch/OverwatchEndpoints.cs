using System.Runtime.CompilerServices;
using DeepSync.Silo.Governance;
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
        endpoints.MapGet("/ops/export/audit.csv", (HttpContext http, AuditLedgerQuery ledger, string? action, Guid? nodeId, Guid? userId, DateTimeOffset? from, DateTimeOffset? to) =>
        {
            var filter = new AuditFilterInput(action, nodeId, userId, from, to).ToFilter();
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"deepsync-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
            return Results.Stream(output => AuditCsv.WriteAsync(output, ReadAllAsync(ledger, filter, http.RequestAborted), http.RequestAborted), "text/csv; charset=utf-8");
        }).RequireAuthorization(DeepSyncClaims.OperatorPolicy);

        endpoints.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(DeepSyncClaims.OperatorPolicy);
        return endpoints;
    }

    private static async IAsyncEnumerable<AuditRecord> ReadAllAsync(AuditLedgerQuery ledger, AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? before = null;
        var written = 0;
        while (written < MaxExportRows)
        {
            var page = await ledger.ReadAsync(filter, AuditLedgerQuery.MaxPageSize, before, cancellationToken);
            foreach (var record in page)
            {
                yield return record;
            }

            written += page.Count;
            if (page.Count < AuditLedgerQuery.MaxPageSize)
            {
                yield break;
            }

            before = page[^1].Sequence;
        }
    }
}

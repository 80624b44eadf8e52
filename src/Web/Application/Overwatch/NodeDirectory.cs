using DeepSync.Governance;
using DeepSync.Silo.Fleet;

namespace DeepSync.Web.Application.Overwatch;

/// <summary>Every node across users, paged, sorted and filtered in PostgreSQL, with strikes in the last 24 hours (operators only).</summary>
public sealed class NodeDirectory(NodeDirectoryQuery directory, StrikeCounts strikes)
{
    public const int MaxPageSize = NodeDirectoryQuery.MaxPageSize;

    public async Task<DirectoryPage> PageAsync(Actor actor, DirectoryFilter filter, DirectorySort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Access.RequireOperator(actor);
        var query = new NodeDirectoryFilter(OwnerEmailContains: filter.OwnerEmailContains, Lifecycle: filter.Lifecycle, Suspended: filter.Suspended, TierId: filter.TierId);
        var columns = sort switch
        {
            DirectorySort.Name => NodeDirectorySort.Name,
            DirectorySort.OwnerEmail => NodeDirectorySort.OwnerEmail,
            DirectorySort.Lifecycle => NodeDirectorySort.Lifecycle,
            DirectorySort.Tier => NodeDirectorySort.Tier,
            _ => NodeDirectorySort.CreatedAt,
        };
        var rows = await directory.PageAsync(query, columns, descending, page, Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken);
        var counts = await strikes.Last24HoursAsync(rows.Rows.Select(r => r.NodeId).ToList(), cancellationToken);
        return new DirectoryPage(
            rows.Rows.Select(r => new DirectoryRow(r.NodeId, r.OwnerId, r.OwnerEmail, r.TierId, r.Name, r.Callsign, r.Lifecycle, r.SuspensionReason, r.CreatedAt, counts.GetValueOrDefault(r.NodeId))).ToList(),
            rows.Total);
    }
}

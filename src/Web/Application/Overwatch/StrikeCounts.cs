using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Web.Application.Overwatch;

/// <summary>Security strikes per node in the last 24 hours, counted from the audit ledger for one page of nodes.</summary>
public sealed class StrikeCounts(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public async Task<IReadOnlyDictionary<Guid, int>> Last24HoursAsync(IReadOnlyCollection<Guid> nodeIds, CancellationToken cancellationToken = default)
    {
        if (nodeIds.Count == 0)
        {
            return new Dictionary<Guid, int>();
        }

        // ix_audit_ledger_node (node_id, occurred_at) serves this: one range scan per node on the page.
        await using var command = dataSource.CreateCommand("""
            SELECT node_id, count(*)::int FROM audit_ledger
            WHERE node_id = ANY(@nodes) AND action = 'strike_recorded' AND occurred_at > @since
            GROUP BY node_id
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("nodes", nodeIds.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", clock.GetUtcNow() - Window) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var counts = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetGuid(0)] = reader.GetInt32(1);
        }

        return counts;
    }
}

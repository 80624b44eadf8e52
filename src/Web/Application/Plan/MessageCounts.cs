using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Web.Application.Plan;

/// <summary>
/// Counts transcript lines per UTC day for a set of nodes, served by the (node_id, at) index. It does not
/// check who asks: <see cref="PlanService"/> passes only the caller's own nodes, taken from their subscription.
/// </summary>
public sealed class MessageCounts(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<DailyMessages>> PerDayAsync(IReadOnlyCollection<Guid> nodeIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        if (nodeIds.Count == 0)
        {
            return [];
        }

        await using var command = dataSource.CreateCommand("""
            SELECT (at AT TIME ZONE 'UTC')::date AS day,
                   count(*) FILTER (WHERE role = 'user') AS sent,
                   count(*) FILTER (WHERE role = 'assistant') AS replies
            FROM transcripts
            WHERE node_id = ANY(@nodes) AND at >= @from AND at < @to
            GROUP BY 1
            ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("nodes", nodeIds.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", from.ToUniversalTime()) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", to.ToUniversalTime()) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var days = new List<DailyMessages>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new DailyMessages(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return days;
    }
}

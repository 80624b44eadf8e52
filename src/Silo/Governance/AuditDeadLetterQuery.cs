using Npgsql;

namespace DeepSync.Silo.Governance;

/// <summary>A ledger entry set aside because PostgreSQL could not hold it as written.</summary>
public sealed record AuditDeadLetterRecord(
    long Sequence,
    Guid EntryId,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string Action,
    Guid? NodeId,
    Guid? UserId,
    string Problem,
    string Payload);

/// <summary>Reads <c>audit_dead_letters</c>, newest first, for the operators.</summary>
public sealed class AuditDeadLetterQuery(NpgsqlDataSource dataSource)
{
    /// <summary>How many entries were set aside, and the newest <paramref name="count"/> of them.</summary>
    public async Task<(long Total, IReadOnlyList<AuditDeadLetterRecord> Newest)> ReadAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var total = new NpgsqlCommand("SELECT count(*) FROM audit_dead_letters", connection);
        var totalCount = (long)(await total.ExecuteScalarAsync(cancellationToken))!;

        await using var command = new NpgsqlCommand("""
            SELECT seq, entry_id, occurred_at, recorded_at, action, node_id, user_id, problem, payload
            FROM audit_dead_letters
            ORDER BY seq DESC
            LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("limit", Math.Clamp(count, 1, 500));
        var records = new List<AuditDeadLetterRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditDeadLetterRecord(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.GetString(7),
                reader.GetString(8)));
        }

        return (totalCount, records);
    }
}

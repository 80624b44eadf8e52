using System.Text.Json;
using DeepSync.Governance;
using Npgsql;

namespace DeepSync.Silo.Governance;

/// <summary>A ledger line as read back.</summary>
public sealed record AuditRecord(
    long Sequence,
    Guid EntryId,
    DateTimeOffset OccurredAt,
    string Action,
    ActorKind InitiatorKind,
    string InitiatorId,
    string InitiatorName,
    Guid? NodeId,
    Guid? UserId,
    IReadOnlyDictionary<string, string> Details);

/// <summary>Filters for reading the ledger, newest first.</summary>
public sealed record AuditFilter(Guid? NodeId = null, Guid? UserId = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Reads the audit ledger.</summary>
public sealed class AuditLedgerQuery(NpgsqlDataSource dataSource)
{
    public const int MaxPageSize = 500;

    /// <summary>One page of entries, newest first; pass the last <see cref="AuditRecord.Sequence"/> seen to continue.</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(AuditFilter filter, int pageSize, long? before = null, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var command = dataSource.CreateCommand("""
            SELECT seq, entry_id, occurred_at, action, initiator_kind, initiator_id, initiator_name, node_id, user_id, details::text
            FROM audit_ledger
            WHERE (@node_id IS NULL OR node_id = @node_id)
              AND (@user_id IS NULL OR user_id = @user_id)
              AND (@action IS NULL OR action = @action)
              AND (@from IS NULL OR occurred_at >= @from)
              AND (@to IS NULL OR occurred_at < @to)
              AND (@before IS NULL OR seq < @before)
            ORDER BY seq DESC
            LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid?>("node_id", filter.NodeId) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("user_id", filter.UserId) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<string?>("action", filter.Action) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("from", filter.From?.ToUniversalTime()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("to", filter.To?.ToUniversalTime()) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<long?>("before", before) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue("limit", pageSize);

        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new AuditRecord(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3),
                Enum.Parse<ActorKind>(reader.GetString(4), ignoreCase: true),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7),
                reader.IsDBNull(8) ? null : reader.GetGuid(8),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(9)) ?? []));
        }

        return records;
    }
}

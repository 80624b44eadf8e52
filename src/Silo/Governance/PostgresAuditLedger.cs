using System.Text.Json;
using DeepSync.Governance;
using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Silo.Governance;

/// <summary>The audit ledger in the <c>audit_ledger</c> table; re-sent entries are ignored by entry id.</summary>
public sealed class PostgresAuditLedger(NpgsqlDataSource dataSource) : IAuditLedger
{
    private const string Insert = """
        INSERT INTO audit_ledger (entry_id, occurred_at, action, initiator_kind, initiator_id, initiator_name, node_id, user_id, details)
        VALUES (@entry_id, @occurred_at, @action, @initiator_kind, @initiator_id, @initiator_name, @node_id, @user_id, @details)
        ON CONFLICT (entry_id) DO NOTHING
        """;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var entry in entries)
        {
            var command = new NpgsqlBatchCommand(Insert);
            command.Parameters.AddWithValue("entry_id", entry.EntryId);
            command.Parameters.AddWithValue("occurred_at", entry.At.ToUniversalTime());
            command.Parameters.AddWithValue("action", entry.Action);
            command.Parameters.AddWithValue("initiator_kind", entry.Initiator.Kind.ToString().ToLowerInvariant());
            command.Parameters.AddWithValue("initiator_id", entry.Initiator.Id);
            command.Parameters.AddWithValue("initiator_name", entry.Initiator.DisplayName);
            command.Parameters.AddWithValue("node_id", (object?)entry.NodeId ?? DBNull.Value);
            command.Parameters.AddWithValue("user_id", (object?)entry.UserId ?? DBNull.Value);
            command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(entry.Details) });
            batch.BatchCommands.Add(command);
        }

        // A batch runs in one implicit transaction: all entries or none.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Text.Json;
using DeepSync.Governance;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Silo.Governance;

/// <summary>
/// The audit ledger in the <c>audit_ledger</c> table; re-sent entries are ignored by entry id. An entry
/// PostgreSQL cannot hold as written (see <see cref="AuditDeadLetter"/>) is set aside in
/// <c>audit_dead_letters</c>, exactly as it was, and recorded in the ledger in scrubbed form, so one bad
/// entry never stops the ones behind it: a grain retries its whole outbox until the ledger confirms it.
/// </summary>
public sealed class PostgresAuditLedger(NpgsqlDataSource dataSource, ILogger<PostgresAuditLedger>? logger = null) : IAuditLedger
{
    private const string Insert = """
        INSERT INTO audit_ledger (entry_id, occurred_at, action, initiator_kind, initiator_id, initiator_name, node_id, user_id, details)
        VALUES (@entry_id, @occurred_at, @action, @initiator_kind, @initiator_id, @initiator_name, @node_id, @user_id, @details)
        ON CONFLICT (entry_id) DO NOTHING
        """;

    private const string InsertDeadLetter = """
        INSERT INTO audit_dead_letters (entry_id, occurred_at, action, node_id, user_id, problem, payload)
        VALUES (@entry_id, @occurred_at, @action, @node_id, @user_id, @problem, @payload)
        ON CONFLICT (entry_id) DO NOTHING
        """;

    private readonly ILogger _logger = logger ?? NullLogger<PostgresAuditLedger>.Instance;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var letters = entries.Select(e => (Entry: e, Problem: AuditDeadLetter.Problem(e))).ToList();
        try
        {
            await WriteAsync(letters, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // A data exception nobody foresaw: find the entries it belongs to one at a time, so the
            // rest are still recorded and the outbox empties.
            _logger.LogWarning("The ledger refused a batch of {Count} entries ({SqlState}); writing them one at a time", entries.Count, ex.SqlState);
            foreach (var letter in letters)
            {
                try
                {
                    await WriteAsync([letter], cancellationToken);
                }
                catch (PostgresException one) when (one.SqlState.StartsWith("22", StringComparison.Ordinal))
                {
                    var problem = $"PostgreSQL refused the entry ({one.SqlState}).";
                    try
                    {
                        await WriteAsync([(letter.Entry, problem)], cancellationToken);
                    }
                    catch (PostgresException again) when (again.SqlState.StartsWith("22", StringComparison.Ordinal))
                    {
                        // Not even the scrubbed copy goes in: keep the dead letter alone, never the blockage.
                        await WriteAsync([(letter.Entry, problem)], cancellationToken, withLedgerCopy: false);
                    }
                }
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<(AuditEntry Entry, string? Problem)> letters, CancellationToken cancellationToken, bool withLedgerCopy = true)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (entry, problem) in letters)
        {
            if (problem is null)
            {
                batch.BatchCommands.Add(LedgerCommand(entry));
                continue;
            }

            _logger.LogWarning("Ledger entry {EntryId} ({Action}) is set aside as a dead letter: {Problem}", entry.EntryId, AuditDeadLetter.Scrubbed(entry).Action, problem);
            batch.BatchCommands.Add(DeadLetterCommand(entry, problem));
            if (withLedgerCopy)
            {
                batch.BatchCommands.Add(LedgerCommand(AuditDeadLetter.Scrubbed(entry)));
            }
        }

        // A batch runs in one implicit transaction: all entries or none.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand LedgerCommand(AuditEntry entry)
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
        return command;
    }

    private static NpgsqlBatchCommand DeadLetterCommand(AuditEntry entry, string problem)
    {
        var command = new NpgsqlBatchCommand(InsertDeadLetter);
        command.Parameters.AddWithValue("entry_id", entry.EntryId);
        command.Parameters.AddWithValue("occurred_at", entry.At.ToUniversalTime());
        command.Parameters.AddWithValue("action", AuditDeadLetter.Scrubbed(entry).Action);
        command.Parameters.AddWithValue("node_id", (object?)entry.NodeId ?? DBNull.Value);
        command.Parameters.AddWithValue("user_id", (object?)entry.UserId ?? DBNull.Value);
        command.Parameters.AddWithValue("problem", problem);
        command.Parameters.AddWithValue("payload", AuditDeadLetter.Payload(entry));
        return command;
    }
}

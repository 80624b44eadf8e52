using DeepSync.Conversations;
using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Silo.Conversations;

/// <summary>Transcripts in the <c>transcripts</c> table, paged by sequence number.</summary>
public sealed class PostgresTranscriptStore(NpgsqlDataSource dataSource) : ITranscriptStore
{
    public async Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var entry in entries)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO transcripts (node_id, channel, idempotency_key, role, sender, body, at)
                VALUES (@node_id, @channel, @key, @role, @sender, @body, @at)
                ON CONFLICT (node_id, idempotency_key, role) DO NOTHING
                """);
            command.Parameters.AddWithValue("node_id", entry.NodeId);
            command.Parameters.AddWithValue("channel", entry.Channel);
            command.Parameters.AddWithValue("key", entry.IdempotencyKey);
            command.Parameters.AddWithValue("role", entry.Role == TranscriptRole.User ? "user" : "assistant");
            command.Parameters.AddWithValue("sender", entry.Sender);
            command.Parameters.AddWithValue("body", entry.Text);
            command.Parameters.AddWithValue("at", entry.At.ToUniversalTime());
            batch.BatchCommands.Add(command);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 is "data exception" (e.g. 22021, a character PostgreSQL cannot store in text):
            // the same lines fail the same way every time, so the caller must not wait for them.
            throw new TranscriptRejectedException($"The transcript refused these lines ({ex.SqlState}: {ex.MessageText}).", ex);
        }
    }

    public async Task<TranscriptEntry?> FindReplyAsync(Guid nodeId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, channel, sender, body, at FROM transcripts
            WHERE node_id = @node_id AND idempotency_key = @key AND role = 'assistant'
            """);
        command.Parameters.AddWithValue("node_id", nodeId);
        command.Parameters.AddWithValue("key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TranscriptEntry(reader.GetInt64(0), nodeId, reader.GetString(1), idempotencyKey, TranscriptRole.Assistant, reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    public async Task<TranscriptPage> PageAsync(Guid nodeId, string? channel, long? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, channel, idempotency_key, role, sender, body, at
            FROM transcripts
            WHERE node_id = @node_id
              AND (@channel IS NULL OR channel = @channel)
              AND (@before IS NULL OR seq < @before)
            ORDER BY seq DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("node_id", nodeId);
        command.Parameters.Add(new NpgsqlParameter<string?>("channel", channel) { NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long?>("before", before) { NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.AddWithValue("limit", limit + 1);
        var rows = new List<TranscriptEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new TranscriptEntry(
                    reader.GetInt64(0),
                    nodeId,
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3) == "user" ? TranscriptRole.User : TranscriptRole.Assistant,
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        var more = rows.Count > limit;
        var page = rows.Take(limit).Reverse().ToList();
        return new TranscriptPage(page, more ? page[0].Sequence : null);
    }
}

using DeepSync.Memory;
using Npgsql;

namespace DeepSync.Silo.Memory;

/// <summary>Archival provenance in the <c>archival_provenance</c> table.</summary>
public sealed class PostgresProvenanceStore(NpgsqlDataSource dataSource) : IProvenanceStore
{
    public async Task RecordAsync(Guid nodeId, string passageId, Provenance provenance, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO archival_provenance (node_id, passage_id, channel, message_key, author, at)
            VALUES (@node_id, @passage_id, @channel, @message_key, @author, @at)
            ON CONFLICT (node_id, passage_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("node_id", nodeId);
        command.Parameters.AddWithValue("passage_id", passageId);
        command.Parameters.AddWithValue("channel", provenance.Channel);
        command.Parameters.AddWithValue("message_key", (object?)provenance.MessageKey ?? DBNull.Value);
        command.Parameters.AddWithValue("author", provenance.Author);
        command.Parameters.AddWithValue("at", provenance.At.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, Provenance>> FindAsync(Guid nodeId, IReadOnlyCollection<string> passageIds, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, Provenance>();
        if (passageIds.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT passage_id, channel, message_key, author, at FROM archival_provenance
            WHERE node_id = @node_id AND passage_id = ANY(@ids)
            """);
        command.Parameters.AddWithValue("node_id", nodeId);
        command.Parameters.AddWithValue("ids", passageIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = new Provenance(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
        }

        return found;
    }
}

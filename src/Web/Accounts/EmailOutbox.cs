using Npgsql;

namespace DeepSync.Web.Accounts;

/// <summary>Reads the outbox for the operators' page, newest first.</summary>
public sealed class EmailOutbox(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<OutboxMessage>> LatestAsync(string? recipientContains, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, created_at, recipient, subject, body, action_url FROM email_outbox
            WHERE (@recipient IS NULL OR recipient ILIKE '%' || @recipient || '%' ESCAPE '\')
            ORDER BY id DESC LIMIT @limit
            """);
        var filter = string.IsNullOrWhiteSpace(recipientContains)
            ? null
            : recipientContains.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
        command.Parameters.Add(new NpgsqlParameter<string?>("recipient", filter) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 500));
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return messages;
    }
}

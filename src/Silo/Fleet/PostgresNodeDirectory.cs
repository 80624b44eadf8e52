using DeepSync.Fleet;
using Npgsql;

namespace DeepSync.Silo.Fleet;

/// <summary>Keeps <c>node_directory</c> in step with the node grains (newer versions win).</summary>
public sealed class PostgresNodeDirectory(NpgsqlDataSource dataSource) : INodeDirectory
{
    public async Task UpsertAsync(NodeDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO node_directory (node_id, owner_id, owner_email, tier_id, name, callsign, lifecycle, suspension_reason, suspended_at, created_at, updated_at, version)
            VALUES (@node_id, @owner_id, @owner_email, @tier_id, @name, @callsign, @lifecycle, @suspension_reason, @suspended_at, @created_at, @updated_at, @version)
            ON CONFLICT (node_id) DO UPDATE SET
                owner_id = EXCLUDED.owner_id,
                owner_email = EXCLUDED.owner_email,
                tier_id = EXCLUDED.tier_id,
                name = EXCLUDED.name,
                callsign = EXCLUDED.callsign,
                lifecycle = EXCLUDED.lifecycle,
                suspension_reason = EXCLUDED.suspension_reason,
                suspended_at = EXCLUDED.suspended_at,
                created_at = EXCLUDED.created_at,
                updated_at = EXCLUDED.updated_at,
                version = EXCLUDED.version
            WHERE node_directory.version < EXCLUDED.version
            """);
        command.Parameters.AddWithValue("node_id", entry.NodeId);
        command.Parameters.AddWithValue("owner_id", entry.OwnerId);
        command.Parameters.AddWithValue("owner_email", entry.OwnerEmail);
        command.Parameters.AddWithValue("tier_id", entry.TierId);
        command.Parameters.AddWithValue("name", entry.Name);
        command.Parameters.AddWithValue("callsign", entry.Callsign);
        command.Parameters.AddWithValue("lifecycle", NodeDirectoryText.Lifecycle(entry.Lifecycle));
        command.Parameters.AddWithValue("suspension_reason", entry.SuspensionReason is { } reason ? NodeDirectoryText.Reason(reason) : DBNull.Value);
        command.Parameters.AddWithValue("suspended_at", entry.SuspendedAt is { } at ? at.ToUniversalTime() : DBNull.Value);
        command.Parameters.AddWithValue("created_at", entry.CreatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("updated_at", entry.UpdatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("version", entry.Version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

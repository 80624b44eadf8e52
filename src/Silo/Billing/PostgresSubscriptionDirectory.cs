using DeepSync.Billing;
using Npgsql;

namespace DeepSync.Silo.Billing;

/// <summary>Keeps <c>subscription_directory</c> in step with the subscription grains (newer versions win).</summary>
public sealed class PostgresSubscriptionDirectory(NpgsqlDataSource dataSource) : ISubscriptionDirectory
{
    public async Task UpsertAsync(SubscriptionDirectoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO subscription_directory (user_id, email, tier_id, status, period_start, period_end, node_count, version, updated_at)
            VALUES (@user_id, @email, @tier_id, @status, @period_start, @period_end, @node_count, @version, now())
            ON CONFLICT (user_id) DO UPDATE SET
                email = EXCLUDED.email,
                tier_id = EXCLUDED.tier_id,
                status = EXCLUDED.status,
                period_start = EXCLUDED.period_start,
                period_end = EXCLUDED.period_end,
                node_count = EXCLUDED.node_count,
                version = EXCLUDED.version,
                updated_at = now()
            WHERE subscription_directory.version < EXCLUDED.version
            """);
        command.Parameters.AddWithValue("user_id", entry.UserId);
        command.Parameters.AddWithValue("email", entry.Email);
        command.Parameters.AddWithValue("tier_id", entry.TierId);
        command.Parameters.AddWithValue("status", entry.Status.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("period_start", entry.PeriodStart.ToUniversalTime());
        command.Parameters.AddWithValue("period_end", entry.PeriodEnd.ToUniversalTime());
        command.Parameters.AddWithValue("node_count", entry.NodeCount);
        command.Parameters.AddWithValue("version", entry.Version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountOnTierAsync(string tierId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM subscription_directory WHERE tier_id = @tier_id");
        command.Parameters.AddWithValue("tier_id", tierId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

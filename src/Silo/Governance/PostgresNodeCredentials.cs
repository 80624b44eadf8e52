using System.Security.Cryptography;
using System.Text;
using DeepSync.Governance;
using Npgsql;

namespace DeepSync.Silo.Governance;

/// <summary>
/// Node credentials in <c>node_credentials</c>: 256-bit random secrets, stored as SHA-256 hashes (a
/// fast hash suffices for secrets with that much entropy), compared in constant time.
/// </summary>
public sealed class PostgresNodeCredentials(NpgsqlDataSource dataSource) : INodeCredentials
{
    private const string Prefix = "dsn_";

    public async Task<string> IssueAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var command = dataSource.CreateCommand("""
            INSERT INTO node_credentials (node_id, secret_hash, issued_at, revoked_at)
            VALUES (@node_id, @hash, now(), NULL)
            ON CONFLICT (node_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, issued_at = now(), revoked_at = NULL
            """);
        command.Parameters.AddWithValue("node_id", nodeId);
        command.Parameters.AddWithValue("hash", Hash(secret));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return secret;
    }

    public async Task RevokeAsync(Guid nodeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("UPDATE node_credentials SET revoked_at = now() WHERE node_id = @node_id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("node_id", nodeId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> VerifyAsync(Guid nodeId, string secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return false;
        }

        await using var command = dataSource.CreateCommand("SELECT secret_hash FROM node_credentials WHERE node_id = @node_id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("node_id", nodeId);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] stored
            && CryptographicOperations.FixedTimeEquals(stored, Hash(secret));
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

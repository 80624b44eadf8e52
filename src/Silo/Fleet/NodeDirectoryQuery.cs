using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Silo.Fleet;

/// <summary>Columns the operators' node directory sorts by.</summary>
public enum NodeDirectorySort
{
    CreatedAt,
    UpdatedAt,
    Name,
    OwnerEmail,
    Lifecycle,
    Tier,
}

/// <summary>Filters of the node directory; every one is optional.</summary>
public sealed record NodeDirectoryFilter(
    string? OwnerEmailContains = null,
    Guid? OwnerId = null,
    NodeLifecycle? Lifecycle = null,
    bool? Suspended = null,
    string? TierId = null,
    bool IncludeDeleted = false);

/// <summary>A directory row.</summary>
public sealed record NodeDirectoryRow(
    Guid NodeId,
    Guid OwnerId,
    string OwnerEmail,
    string TierId,
    string Name,
    string Callsign,
    NodeLifecycle Lifecycle,
    SuspensionReason? SuspensionReason,
    DateTimeOffset? SuspendedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One page and the number of rows matching the filter.</summary>
public sealed record NodeDirectoryPage(IReadOnlyList<NodeDirectoryRow> Rows, long Total, int Page, int PageSize);

/// <summary>
/// Pages, sorts and filters every node across users, in PostgreSQL. Each sort has an index ending in
/// node_id, so pages are stable and cheap at 100,000 nodes.
/// </summary>
public sealed class NodeDirectoryQuery(NpgsqlDataSource dataSource)
{
    public const int MaxPageSize = 200;

    public async Task<NodeDirectoryPage> PageAsync(
        NodeDirectoryFilter filter,
        NodeDirectorySort sort,
        bool descending,
        int page,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        if (page < 0)
        {
            throw DeepSyncException.Validation("Page must be 0 or more.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw DeepSyncException.Validation($"Page size must be between 1 and {MaxPageSize}.");
        }

        if (filter.OwnerEmailContains is { Length: > 254 })
        {
            throw DeepSyncException.Validation("The e-mail filter must be at most 254 characters.");
        }

        // Only these fixed column names ever reach the SQL text; values go through parameters.
        var column = sort switch
        {
            NodeDirectorySort.CreatedAt => "created_at",
            NodeDirectorySort.UpdatedAt => "updated_at",
            NodeDirectorySort.Name => "name",
            NodeDirectorySort.OwnerEmail => "owner_email",
            NodeDirectorySort.Lifecycle => "lifecycle",
            NodeDirectorySort.Tier => "tier_id",
            _ => throw DeepSyncException.Validation($"Unknown sort '{sort}'."),
        };
        var direction = descending ? "DESC" : "ASC";
        const string where = """
            WHERE (@email IS NULL OR owner_email ILIKE '%' || @email || '%' ESCAPE '\')
              AND (@owner_id IS NULL OR owner_id = @owner_id)
              AND (@lifecycle IS NULL OR lifecycle = @lifecycle)
              AND (@suspended IS NULL OR suspended = @suspended)
              AND (@tier IS NULL OR tier_id = @tier)
              AND (@include_deleted OR lifecycle <> 'deleted')
            """;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM node_directory {where}");
        AddFilter(count.Parameters, filter);
        var rows = new NpgsqlBatchCommand($"""
            SELECT node_id, owner_id, owner_email, tier_id, name, callsign, lifecycle, suspension_reason, suspended_at, created_at, updated_at
            FROM node_directory {where}
            ORDER BY {column} {direction}, node_id {direction}
            LIMIT @limit OFFSET @offset
            """);
        AddFilter(rows.Parameters, filter);
        rows.Parameters.AddWithValue("limit", pageSize);
        rows.Parameters.AddWithValue("offset", (long)page * pageSize);
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(rows);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var result = new List<NodeDirectoryRow>(pageSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new NodeDirectoryRow(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                NodeDirectoryText.ParseLifecycle(reader.GetString(6)),
                reader.IsDBNull(7) ? null : NodeDirectoryText.ParseReason(reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return new NodeDirectoryPage(result, total, page, pageSize);
    }

    private static void AddFilter(NpgsqlParameterCollection parameters, NodeDirectoryFilter filter)
    {
        var email = string.IsNullOrWhiteSpace(filter.OwnerEmailContains) ? null : EscapeLike(filter.OwnerEmailContains.Trim());
        parameters.Add(new NpgsqlParameter<string?>("email", email) { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<Guid?>("owner_id", filter.OwnerId) { NpgsqlDbType = NpgsqlDbType.Uuid });
        parameters.Add(new NpgsqlParameter<string?>("lifecycle", filter.Lifecycle is { } l ? NodeDirectoryText.Lifecycle(l) : null) { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<bool?>("suspended", filter.Suspended) { NpgsqlDbType = NpgsqlDbType.Boolean });
        parameters.Add(new NpgsqlParameter<string?>("tier", string.IsNullOrWhiteSpace(filter.TierId) ? null : filter.TierId) { NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<bool>("include_deleted", filter.IncludeDeleted));
    }

    private static string EscapeLike(string value) => value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

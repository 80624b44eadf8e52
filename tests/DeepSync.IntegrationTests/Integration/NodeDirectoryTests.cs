using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Fleet;
using DeepSync.Tests.Support;
using Npgsql;
using NpgsqlTypes;

namespace DeepSync.Tests.Integration;

public sealed class NodeDirectoryTests : IAsyncLifetime
{
    private const int NodeCount = 10_000;
    private static readonly string[] Tiers = ["scout_free", "command_pro", "enterprise_gov"];
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _dataSource = TestPostgres.DataSource(await TestPostgres.NewDatabaseAsync());

        // 10,000 nodes over 2,500 owners: every 7th suspended, tiers and lifecycles rotating.
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY node_directory (node_id, owner_id, owner_email, tier_id, name, callsign, lifecycle, suspension_reason, suspended_at, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < NodeCount; i++)
        {
            var owner = i / 4;
            var suspended = i % 7 == 0;
            await import.StartRowAsync();
            await import.WriteAsync(Id(i), NpgsqlDbType.Uuid);
            await import.WriteAsync(Id(1_000_000 + owner), NpgsqlDbType.Uuid);
            await import.WriteAsync($"owner{owner:D4}@example.test", NpgsqlDbType.Text);
            await import.WriteAsync(Tiers[owner % 3], NpgsqlDbType.Text);
            await import.WriteAsync($"Node {i:D5}", NpgsqlDbType.Text);
            await import.WriteAsync($"N{i}", NpgsqlDbType.Text);
            await import.WriteAsync(i % 5 == 0 ? "running" : "created", NpgsqlDbType.Text);
            if (suspended)
            {
                await import.WriteAsync("operator", NpgsqlDbType.Text);
                await import.WriteAsync(start.AddMinutes(i).UtcDateTime, NpgsqlDbType.TimestampTz);
            }
            else
            {
                await import.WriteNullAsync();
                await import.WriteNullAsync();
            }

            // Creation times collide in pairs so the node_id tie-breaker is exercised.
            await import.WriteAsync(start.AddSeconds(i / 2).UtcDateTime, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(start.AddSeconds(i).UtcDateTime, NpgsqlDbType.TimestampTz);
            await import.WriteAsync(1L, NpgsqlDbType.Bigint);
        }

        await import.CompleteAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private static Guid Id(int i) => new($"00000000-0000-0000-0000-{i:D12}");

    [Fact]
    public async Task Paging_through_ten_thousand_nodes_visits_each_exactly_once_in_order()
    {
        var query = new NodeDirectoryQuery(_dataSource);
        var seen = new List<NodeDirectoryRow>();
        for (var page = 0; ; page++)
        {
            var result = await query.PageAsync(new NodeDirectoryFilter(), NodeDirectorySort.CreatedAt, descending: false, page, 200);
            Assert.Equal(NodeCount, result.Total);
            if (result.Rows.Count == 0)
            {
                break;
            }

            seen.AddRange(result.Rows);
        }

        Assert.Equal(NodeCount, seen.Count);
        Assert.Equal(NodeCount, seen.Select(r => r.NodeId).Distinct().Count());
        var expected = seen.OrderBy(r => r.CreatedAt).ThenBy(r => r.NodeId).Select(r => r.NodeId);
        Assert.Equal(expected, seen.Select(r => r.NodeId));
    }

    [Fact]
    public async Task Sorting_descending_by_name_returns_the_last_names_first()
    {
        var page = await new NodeDirectoryQuery(_dataSource).PageAsync(new NodeDirectoryFilter(), NodeDirectorySort.Name, descending: true, 0, 3);
        Assert.Equal(["Node 09999", "Node 09998", "Node 09997"], page.Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task Filters_combine_and_count_what_they_match()
    {
        var query = new NodeDirectoryQuery(_dataSource);

        var suspended = await query.PageAsync(new NodeDirectoryFilter(Suspended: true), NodeDirectorySort.Name, false, 0, 50);
        Assert.Equal((NodeCount + 6) / 7, suspended.Total);
        Assert.All(suspended.Rows, r => Assert.Equal(SuspensionReason.Operator, r.SuspensionReason));

        var owner = await query.PageAsync(new NodeDirectoryFilter(OwnerEmailContains: "OWNER0042@"), NodeDirectorySort.Name, false, 0, 50);
        Assert.Equal(4, owner.Total);
        Assert.All(owner.Rows, r => Assert.Equal("owner0042@example.test", r.OwnerEmail));

        var runningPro = await query.PageAsync(new NodeDirectoryFilter(Lifecycle: NodeLifecycle.Running, TierId: "command_pro"), NodeDirectorySort.Tier, false, 0, 200);
        Assert.True(runningPro.Total > 0);
        Assert.All(runningPro.Rows, r => Assert.Equal((NodeLifecycle.Running, "command_pro"), (r.Lifecycle, r.TierId)));

        var wildcard = await query.PageAsync(new NodeDirectoryFilter(OwnerEmailContains: "%"), NodeDirectorySort.Name, false, 0, 10);
        Assert.Equal(0, wildcard.Total);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, 201)]
    public async Task Bad_paging_is_refused(int page, int size)
    {
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => new NodeDirectoryQuery(_dataSource).PageAsync(new NodeDirectoryFilter(), NodeDirectorySort.Name, false, page, size));
        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
    }

    [Fact]
    public async Task An_older_version_never_overwrites_a_newer_one()
    {
        var directory = new PostgresNodeDirectory(_dataSource);
        var nodeId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var v2 = new NodeDirectoryEntry(nodeId, Guid.NewGuid(), "late@example.test", "scout_free", "Renamed", "R", NodeLifecycle.Running, SuspensionReason.OwnerRequest, now, now, now, 2);

        await directory.UpsertAsync(v2);
        await directory.UpsertAsync(v2 with { Name = "Original", SuspensionReason = null, SuspendedAt = null, Version = 1 });

        var page = await new NodeDirectoryQuery(_dataSource).PageAsync(new NodeDirectoryFilter(OwnerEmailContains: "late@"), NodeDirectorySort.Name, false, 0, 10);
        var row = Assert.Single(page.Rows);
        Assert.Equal(("Renamed", SuspensionReason.OwnerRequest), (row.Name, row.SuspensionReason));
    }
}

using Bunit;
using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Silo.Fleet;
using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using DeepSync.Web.Application.Overwatch;
using DeepSync.Web.Overwatch;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Npgsql;

namespace DeepSync.Tests.Dashboard;

/// <summary>The Overwatch node table over a real PostgreSQL directory and ledger: rows, plan names, strikes in 24 h, filters, paging; operators only.</summary>
public sealed class NodeTableTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private NpgsqlDataSource _data = default!;
    private readonly Guid _struck = Guid.NewGuid();
    private readonly Guid _suspended = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _data = NpgsqlDataSource.Create(await TestPostgres.NewDatabaseAsync());
        var now = DateTimeOffset.UtcNow;
        await InsertNodeAsync(_struck, "alice@example.test", "Alpha-1", "running", null, now.AddMinutes(-30));
        await InsertNodeAsync(_suspended, "bob@example.test", "Bravo-7", "stopped", "operator", now.AddMinutes(-20));
        for (var i = 0; i < 12; i++)
        {
            await InsertNodeAsync(Guid.NewGuid(), $"crowd{i:00}@example.test", $"Crowd-{i:00}", "created", null, now.AddHours(-2).AddMinutes(i));
        }

        // Two strikes inside the window and one older than 24 hours, which must not count.
        await InsertStrikeAsync(_struck, now.AddHours(-1));
        await InsertStrikeAsync(_struck, now.AddHours(-3));
        await InsertStrikeAsync(_struck, now.AddHours(-30));

        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(_data);
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddSingleton<NodeDirectoryQuery>();
        _context.Services.AddSingleton<StrikeCounts>();
        _context.Services.AddSingleton<NodeDirectory>();
        var auth = _context.AddAuthorization();
        auth.SetAuthorized(Operator.Email);
        auth.SetRoles(DeepSyncClaims.OperatorRole);
        auth.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Email, Operator.Email));
        _context.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _data.DisposeAsync();
    }

    private async Task InsertNodeAsync(Guid id, string email, string name, string lifecycle, string? reason, DateTimeOffset created)
    {
        await using var command = _data.CreateCommand("""
            INSERT INTO node_directory (node_id, owner_id, owner_email, tier_id, name, callsign, lifecycle, suspension_reason, suspended_at, created_at, updated_at, version)
            VALUES (@id, @owner, @email, 'scout_free', @name, upper(@name), @lifecycle, @reason, CASE WHEN @reason IS NULL THEN NULL ELSE @created END, @created, @created, 1)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("owner", Guid.NewGuid());
        command.Parameters.AddWithValue("email", email);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("lifecycle", lifecycle);
        command.Parameters.Add(new NpgsqlParameter<string?>("reason", reason) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.AddWithValue("created", created);
        await command.ExecuteNonQueryAsync();
    }

    private async Task InsertStrikeAsync(Guid nodeId, DateTimeOffset at)
    {
        await using var command = _data.CreateCommand("""
            INSERT INTO audit_ledger (entry_id, occurred_at, action, initiator_kind, initiator_id, initiator_name, node_id, details)
            VALUES (@entry, @at, 'strike_recorded', 'policy', 'egress-guard', 'egress-guard', @node, '{}'::jsonb)
            """);
        command.Parameters.AddWithValue("entry", Guid.NewGuid());
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("node", nodeId);
        await command.ExecuteNonQueryAsync();
    }

    private static readonly (string Email, string Id) Operator = ("ops@example.test", "ops");

    private static readonly TierDefinition[] Tiers = [new(WellKnownTiers.ScoutFree, "Scout", 0, 1, 1_000, [], null)];

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IRenderedComponent<NodeTable> table) =>
        table.FindAll("tr.mud-table-row").Where(r => r.QuerySelector("[data-testid='row-owner']") is not null).ToList();

    [Fact]
    public void It_renders_a_server_side_page_with_owner_status_suspension_and_strikes_in_24_hours()
    {
        var table = _context.Render<NodeTable>(p => p.Add(t => t.Tiers, Tiers));
        table.WaitForAssertion(() => Assert.Equal(14, Rows(table).Count), TimeSpan.FromSeconds(30));

        // Newest first by default: the two recent nodes lead.
        var rows = Rows(table);
        Assert.Contains("Bravo-7", rows[0].TextContent);
        Assert.Contains("bob@example.test", rows[0].TextContent);
        Assert.Contains("suspended by an operator", rows[0].QuerySelector("[data-testid='row-suspended']")!.TextContent);
        Assert.NotNull(rows[0].QuerySelector("[data-testid='row-resume']"));
        Assert.Equal("Scout", rows[0].QuerySelector("[data-testid='row-tier']")!.TextContent.Trim());

        Assert.Contains("Alpha-1", rows[1].TextContent);
        Assert.Equal("2", rows[1].QuerySelector("[data-testid='row-strikes']")!.TextContent.Trim());
        Assert.Equal("—", rows[1].QuerySelector("[data-testid='row-suspended']")!.TextContent.Trim());
        Assert.NotNull(rows[1].QuerySelector("[data-testid='row-suspend']"));
        Assert.Contains("1-14 of 14", table.Markup.Replace("–", "-"));
    }

    [Fact]
    public void The_owner_filter_and_the_page_size_are_applied_by_the_database()
    {
        var table = _context.Render<NodeTable>();
        table.WaitForAssertion(() => Assert.Equal(14, Rows(table).Count), TimeSpan.FromSeconds(30));

        table.Find("input[data-testid='filter-email']").Input("crowd");
        table.WaitForAssertion(() =>
        {
            var rows = Rows(table);
            Assert.Equal(12, rows.Count);
            Assert.All(rows, r => Assert.Contains("crowd", r.TextContent));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_directory_answers_operators_only()
    {
        var directory = _context.Services.GetRequiredService<NodeDirectory>();
        var refused = await Assert.ThrowsAsync<DeepSyncException>(() =>
            directory.PageAsync(Actor.ForUser(Guid.NewGuid(), "alice"), new DirectoryFilter(), DirectorySort.CreatedAt, true, 0, 25));
        Assert.Equal(DeepSyncError.Forbidden, refused.Code);

        var page = await directory.PageAsync(Actor.ForOperator(Operator.Id, Operator.Email), new DirectoryFilter(OwnerEmailContains: "alice"), DirectorySort.CreatedAt, true, 0, 25);
        Assert.Equal(2, Assert.Single(page.Rows).StrikesLast24Hours);
    }
}

using DeepSync.Governance;
using DeepSync.Silo.Governance;
using DeepSync.Tests.Support;
using Npgsql;

namespace DeepSync.Tests.Integration;

public sealed class AuditLedgerTests
{
    [Fact]
    public async Task The_database_refuses_to_update_delete_or_truncate_the_ledger()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        await using var dataSource = TestPostgres.DataSource(connectionString);
        var ledger = new PostgresAuditLedger(dataSource);
        var nodeId = Guid.NewGuid();
        await ledger.AppendAsync([AuditEntries.Create(DateTimeOffset.UtcNow, AuditAction.NodeSuspended, Actor.ForOperator("op", "Op"), nodeId, Guid.NewGuid(), ("reason", "operator"))]);

        foreach (var sql in new[] { "UPDATE audit_ledger SET action = 'node_resumed'", "DELETE FROM audit_ledger", "TRUNCATE audit_ledger" })
        {
            await using var command = dataSource.CreateCommand(sql);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.RestrictViolation, ex.SqlState);
            Assert.Contains("append-only", ex.MessageText);
        }

        var rows = await new AuditLedgerQuery(dataSource).ReadAsync(new AuditFilter(NodeId: nodeId), 10);
        var row = Assert.Single(rows);
        Assert.Equal(AuditAction.NodeSuspended, row.Action);
        Assert.Equal("operator", row.Details["reason"]);
    }

    [Fact]
    public async Task Re_sent_entries_are_recorded_once_and_read_back_newest_first_with_filters()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        await using var dataSource = TestPostgres.DataSource(connectionString);
        var ledger = new PostgresAuditLedger(dataSource);
        var userId = Guid.NewGuid();
        var nodeId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var created = AuditEntries.Create(at, AuditAction.NodeCreated, Actor.ForSystem("sign-up"), nodeId, userId);
        var renamed = AuditEntries.Create(at.AddSeconds(1), AuditAction.NodeRenamed, Actor.ForUser(userId, "u"), nodeId, userId, ("to_name", "Bravo"));

        await ledger.AppendAsync([created, renamed]);
        await ledger.AppendAsync([created, renamed]);

        var query = new AuditLedgerQuery(dataSource);
        var all = await query.ReadAsync(new AuditFilter(UserId: userId), 10);
        Assert.Equal([AuditAction.NodeRenamed, AuditAction.NodeCreated], all.Select(r => r.Action));
        Assert.Equal(ActorKind.User, all[0].InitiatorKind);
        Assert.Equal("Bravo", all[0].Details["to_name"]);
        var onlyRenames = await query.ReadAsync(new AuditFilter(Action: AuditAction.NodeRenamed, NodeId: nodeId), 10);
        Assert.Single(onlyRenames);
        var older = await query.ReadAsync(new AuditFilter(UserId: userId), 10, before: all[0].Sequence);
        Assert.Equal(AuditAction.NodeCreated, Assert.Single(older).Action);
    }
}

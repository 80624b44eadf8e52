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

    [Fact]
    public async Task An_entry_the_database_cannot_hold_is_set_aside_and_never_blocks_the_entries_behind_it()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        await using var dataSource = TestPostgres.DataSource(connectionString);
        var ledger = new PostgresAuditLedger(dataSource);
        var userId = Guid.NewGuid();
        var nodeId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var before = AuditEntries.Create(at, AuditAction.NodeCreated, Actor.ForSystem("sign-up"), nodeId, userId);
        var strike = AuditEntries.Create(at.AddSeconds(1), AuditAction.StrikeRecorded, Actor.ForPolicy("egress guard"), nodeId, userId, ("detail", "bash: curl x\u0000y"));
        var killSwitch = AuditEntries.Create(at.AddSeconds(2), AuditAction.NodeSuspended, Actor.ForOperator("op", "Op \uD800"), nodeId, userId, ("reason", "stop\u0000now"));
        var after = AuditEntries.Create(at.AddSeconds(3), AuditAction.NodeResumed, Actor.ForOperator("op", "Op"), nodeId, userId);

        await ledger.AppendAsync([before, strike, killSwitch, after]);
        await ledger.AppendAsync([before, strike, killSwitch, after]);

        var rows = await new AuditLedgerQuery(dataSource).ReadAsync(new AuditFilter(UserId: userId), 10);
        Assert.Equal([AuditAction.NodeResumed, AuditAction.NodeSuspended, AuditAction.StrikeRecorded, AuditAction.NodeCreated], rows.Select(r => r.Action));
        Assert.Equal("bash: curl x\uFFFDy", rows[2].Details["detail"]);
        Assert.Equal("stop\uFFFDnow", rows[1].Details["reason"]);
        Assert.Equal("Op \uFFFD", rows[1].InitiatorName);
        Assert.Contains("audit_dead_letters", rows[1].Details["dead_letter"]);
        Assert.False(rows[3].Details.ContainsKey("dead_letter"));

        var (total, letters) = await new AuditDeadLetterQuery(dataSource).ReadAsync(10);
        Assert.Equal(2, total);
        Assert.Equal([killSwitch.EntryId, strike.EntryId], letters.Select(l => l.EntryId));
        Assert.Equal("detail 'detail' contains U+0000 at position 13.", letters[1].Problem);
        Assert.Contains("\"detail\":\"bash: curl x\\u0000y\"", letters[1].Payload);
        Assert.Equal("initiator name contains a lone surrogate at position 4.", letters[0].Problem);
        Assert.Contains("\"name\":\"Op \\ud800\"", letters[0].Payload);
        Assert.Equal(AuditAction.NodeSuspended, letters[0].Action);
        Assert.Equal(nodeId, letters[0].NodeId);
    }
}

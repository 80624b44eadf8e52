using DeepSync.Silo.Database;
using DeepSync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DeepSync.Tests.Integration;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_in_order_once_and_a_second_run_applies_nothing()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync(migrate: false);

        var first = DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);
        var second = DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);

        Assert.Equal(DatabaseMigrator.ScriptNames, first);
        Assert.Empty(second);
        Assert.Contains(first, n => n.EndsWith("0002_orleans_clustering.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hosts_migrating_at_the_same_moment_take_turns_and_apply_each_script_once()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync(migrate: false);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => DatabaseMigrator.Migrate(connectionString, NullLogger.Instance))));

        Assert.Equal(DatabaseMigrator.ScriptNames, runs.Single(r => r.Count > 0));
        Assert.Equal(2, runs.Count(r => r.Count == 0));
        await using var dataSource = TestPostgres.DataSource(connectionString);
        await using var journal = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)DatabaseMigrator.ScriptNames.Count, await journal.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Every_script_can_run_twice_even_without_the_journal()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        await using var dataSource = TestPostgres.DataSource(connectionString);
        await using (var forget = dataSource.CreateCommand("DROP TABLE schema_migrations"))
        {
            await forget.ExecuteNonQueryAsync();
        }

        var again = DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);

        Assert.Equal(DatabaseMigrator.ScriptNames, again);
    }

    [Fact]
    public async Task The_orleans_queries_the_providers_need_are_present()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        await using var dataSource = TestPostgres.DataSource(connectionString);
        await using var command = dataSource.CreateCommand("SELECT querykey FROM orleansquery");
        var keys = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                keys.Add(reader.GetString(0));
            }
        }

        string[] required =
        [
            "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
            "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.All(required, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task An_unreachable_database_fails_start_up_with_one_clear_line_and_no_password()
    {
        var port = SiloHosts.FreePort();
        var options = new Silo.Configuration.DatabaseOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={port};Database=deepsync;Username=app;Password=s3cret-value;Timeout=3",
        };

        var ex = await Assert.ThrowsAsync<StartupException>(() => DeepSyncDatabase.PrepareAsync(options, NullLogger.Instance));

        Assert.StartsWith($"Cannot reach PostgreSQL at 127.0.0.1:{port}/deepsync:", ex.Message);
        Assert.DoesNotContain("s3cret-value", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task A_malformed_connection_string_names_the_setting()
    {
        var options = new Silo.Configuration.DatabaseOptions { ConnectionString = "this is not=a;valid;;connection" };
        var ex = await Assert.ThrowsAsync<StartupException>(() => DeepSyncDatabase.PrepareAsync(options, NullLogger.Instance));
        Assert.Contains("DeepSync__Database__ConnectionString", ex.Message);
    }
}

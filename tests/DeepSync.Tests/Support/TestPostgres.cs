using DeepSync.Silo.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DeepSync.Tests.Support;

/// <summary>
/// One private PostgreSQL server for the whole test run, started from the installed binaries in a
/// temporary folder; every test class gets its own database on it.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<LocalPostgres>> Server = new(StartAsync);

    /// <summary>A new, empty database; migrated unless asked otherwise.</summary>
    public static async Task<string> NewDatabaseAsync(bool migrate = true)
    {
        var server = await Server.Value;
        var connectionString = await server.CreateDatabaseAsync($"test_{Guid.NewGuid():N}");
        if (migrate)
        {
            DatabaseMigrator.Migrate(connectionString, NullLogger.Instance);
        }

        return connectionString;
    }

    public static NpgsqlDataSource DataSource(string connectionString) => NpgsqlDataSource.Create(connectionString);

    /// <summary>A separate server the caller owns (for tests that stop and restart the database).</summary>
    public static async Task<(LocalPostgres Server, string Root)> StartPrivateServerAsync()
    {
        var root = NewRoot();
        return (await LocalPostgres.StartAsync(root, null, NullLogger.Instance, maxConnections: 100), root);
    }

    public static void DeleteRoot(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string NewRoot() => Path.Combine(Path.GetTempPath(), $"deepsync-pg-{Guid.NewGuid():N}"[..24]);

    private static async Task<LocalPostgres> StartAsync()
    {
        var root = NewRoot();
        // Every test class brings its own database, hosts and connection pools to this one server.
        var server = await LocalPostgres.StartAsync(root, null, NullLogger.Instance, maxConnections: 1000);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.StopAsync().GetAwaiter().GetResult();
            DeleteRoot(root);
        };
        return server;
    }
}

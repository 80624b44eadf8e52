using DeepSync.Silo.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DeepSync.Silo.Database;

/// <summary>
/// The PostgreSQL the platform runs on: the configured one, or a private local server started for
/// this process. Created (and migrated) before the host is built, because every Orleans provider
/// needs the connection string up front.
/// </summary>
public sealed class DeepSyncDatabase : IAsyncDisposable
{
    private DeepSyncDatabase(string connectionString, LocalPostgres? localServer)
    {
        ConnectionString = connectionString;
        LocalServer = localServer;
    }

    public string ConnectionString { get; }

    /// <summary>The private server, when one was started (null when a connection string was configured).</summary>
    public LocalPostgres? LocalServer { get; }

    /// <summary>Where the database is, without credentials, for log lines and errors.</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>Resolves, reaches and migrates the database; throws <see cref="StartupException"/> with one clear line otherwise.</summary>
    public static async Task<DeepSyncDatabase> PrepareAsync(DatabaseOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        LocalPostgres? local = null;
        string connectionString;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (string.IsNullOrWhiteSpace(options.LocalDataDirectory))
            {
                throw new StartupException("DeepSync:Database:LocalDataDirectory (DeepSync__Database__LocalDataDirectory) must name a folder when no connection string is configured.");
            }

            local = await LocalPostgres.StartAsync(options.LocalDataDirectory, options.PostgresBinDirectory, logger, cancellationToken: cancellationToken);
            connectionString = local.ConnectionString;
        }
        else
        {
            try
            {
                connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString;
            }
            catch (ArgumentException ex)
            {
                throw new StartupException($"DeepSync:Database:ConnectionString (DeepSync__Database__ConnectionString) is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        var database = new DeepSyncDatabase(connectionString, local);
        try
        {
            await database.CheckReachableAsync(cancellationToken);
            if (options.MigrateOnStart)
            {
                var applied = DatabaseMigrator.Migrate(connectionString, logger);
                logger.LogInformation("Database {Database} is ready ({Applied} migration(s) applied now)", database.Describe(), applied.Count);
            }
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (LocalServer is not null)
        {
            await LocalServer.DisposeAsync();
        }
    }

    private async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 10, Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new StartupException($"Cannot reach PostgreSQL at {Describe()}: {ex.Message}", ex);
        }
    }
}

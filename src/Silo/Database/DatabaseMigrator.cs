using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace DeepSync.Silo.Database;

/// <summary>
/// Applies the scripts of <c>sql/</c> (embedded in this assembly) in name order, each once, each in its
/// own transaction, recording them in the <c>schema_migrations</c> journal.
/// </summary>
public static class DatabaseMigrator
{
    private const string ResourcePrefix = "DeepSync.Sql.";

    /// <summary>The script names in the order they apply.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = typeof(DatabaseMigrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    // Any fixed number: every DeepSync host takes the same session-level advisory lock.
    private const long MigrationLockKey = 0x44656570_53796e63;

    /// <summary>
    /// Applies what is missing; returns the names of the scripts applied now. Hosts starting together
    /// take turns through a PostgreSQL advisory lock, so each script runs once.
    /// </summary>
    public static IReadOnlyList<string> Migrate(string connectionString, ILogger logger)
    {
        using var lockConnection = new Npgsql.NpgsqlConnection(connectionString);
        lockConnection.Open();
        using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
        {
            take.ExecuteNonQuery();
        }

        try
        {
            return MigrateLocked(connectionString, logger);
        }
        finally
        {
            using var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            release.ExecuteNonQuery();
        }
    }

    private static IReadOnlyList<string> MigrateLocked(string connectionString, ILogger logger)
    {
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .JournalToPostgresqlTable("public", "schema_migrations")
            .LogTo(new Log(logger))
            .Build();

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name ?? "(unknown script)";
            throw new StartupException($"Database migration failed in {script}: {result.Error.Message}", result.Error);
        }

        return result.Scripts.Select(s => s.Name).ToList();
    }

    /// <summary>DbUp writes composite format strings ("{0}"), not message templates: format them, then log the text.</summary>
    private sealed class Log(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{Message}", Text(format, args));

        public void LogDebug(string format, params object[] args) => logger.LogDebug("{Message}", Text(format, args));

        public void LogInformation(string format, params object[] args) => logger.LogInformation("{Message}", Text(format, args));

        public void LogWarning(string format, params object[] args) => logger.LogWarning("{Message}", Text(format, args));

        public void LogError(string format, params object[] args) => logger.LogError("{Message}", Text(format, args));

        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{Message}", Text(format, args));

        private static string Text(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}

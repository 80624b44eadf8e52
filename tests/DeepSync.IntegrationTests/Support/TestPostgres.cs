using DeepSync.Silo.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DeepSync.Tests.Support;

/// <summary>
/// One private PostgreSQL server for the whole test run, started from the installed binaries in a
/// temporary folder; every test class gets its own database on it.
/// </summary>
/// <remarks>
/// Each data folder (about half a gigabyte) is removed when the run ends. A run that is killed cannot
/// clean up after itself, so every folder holds an owner lock for as long as its test process lives; the
/// next run stops the server of any folder whose lock nobody holds and removes the folder.
/// </remarks>
public static class TestPostgres
{
    /// <summary>Data folders are named <c>deepsync-pg-*</c> in the temporary folder.</summary>
    public const string FolderPrefix = "deepsync-pg-";

    /// <summary>The file a live test process keeps locked inside each of its data folders.</summary>
    public const string OwnerLockName = "owner.lock";

    // Folders made by older versions carry no lock; one whose server is down and untouched this long is stale.
    private static readonly TimeSpan UnlockedFolderGrace = TimeSpan.FromMinutes(30);

    private static readonly Lazy<Task<LocalPostgres>> Server = new(StartAsync);
    private static readonly Dictionary<string, FileStream> OwnedRoots = [];
    private static int _swept;

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

    /// <summary>A separate server the caller owns (for tests that stop and restart the database); pass its root to <see cref="DeleteRoot"/>.</summary>
    public static async Task<(LocalPostgres Server, string Root)> StartPrivateServerAsync()
    {
        var root = await NewRootAsync();
        var server = await LocalPostgres.StartAsync(root, null, NullLogger.Instance, maxConnections: 100);
        return (server, root);
    }

    /// <summary>Removes a data folder this process made (its server must be stopped first).</summary>
    public static void DeleteRoot(string root)
    {
        lock (OwnedRoots)
        {
            if (OwnedRoots.Remove(root, out var ownerLock))
            {
                ownerLock.Dispose();
            }
        }

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

    /// <summary>
    /// Stops the server of every data folder in <paramref name="parent"/> whose owner is gone and removes
    /// the folder; folders of live test runs (this one or another) are left alone. Returns the folders removed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RemoveStaleFoldersAsync(string parent)
    {
        var removed = new List<string>();
        foreach (var root in Directory.EnumerateDirectories(parent, FolderPrefix + "*"))
        {
            lock (OwnedRoots)
            {
                if (OwnedRoots.ContainsKey(root))
                {
                    continue;
                }
            }

            using var claim = TryClaim(root, out var unlockedSince);
            if (claim is null && (unlockedSince is null || DateTime.UtcNow - unlockedSince < UnlockedFolderGrace))
            {
                continue;
            }

            await LocalPostgres.StopLeftoverServerAsync(root, NullLogger.Instance);
            try
            {
                Directory.Delete(root, recursive: true);
                removed.Add(root);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    /// <summary>
    /// Takes the owner lock of a folder whose owner is gone. Null when a live process holds it, or when the
    /// folder has no lock: then <paramref name="unlockedSince"/> is when it was last touched, if its server is down.
    /// </summary>
    private static FileStream? TryClaim(string root, out DateTime? unlockedSince)
    {
        unlockedSince = null;
        var lockPath = Path.Combine(root, OwnerLockName);
        if (!File.Exists(lockPath))
        {
            if (!LocalPostgres.ServerRunsIn(root))
            {
                var log = Path.Combine(root, "postgres.log");
                unlockedSince = File.Exists(log) ? File.GetLastWriteTimeUtc(log) : Directory.GetLastWriteTimeUtc(root);
            }

            return null;
        }

        try
        {
            // On Linux and macOS .NET backs FileShare.None with an advisory lock the kernel drops when its process dies.
            return new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A new data folder, locked by this process for as long as it lives.</summary>
    private static async Task<string> NewRootAsync()
    {
        var parent = Path.GetTempPath();
        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            await RemoveStaleFoldersAsync(parent);
        }

        var root = Path.Combine(parent, $"{FolderPrefix}{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(root);
        var ownerLock = new FileStream(Path.Combine(root, OwnerLockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        await using (var writer = new StreamWriter(ownerLock, leaveOpen: true))
        {
            await writer.WriteLineAsync($"test process {Environment.ProcessId}");
        }

        lock (OwnedRoots)
        {
            OwnedRoots[root] = ownerLock;
        }

        RemoveWhenThisProcessEnds(root);
        return root;
    }

    private static async Task<LocalPostgres> StartAsync()
    {
        var root = await NewRootAsync();
        // Every test class brings its own database, hosts and connection pools to this one server.
        return await LocalPostgres.StartAsync(root, null, NullLogger.Instance, maxConnections: 1000);
    }

    /// <summary>
    /// The test host is usually ended from outside when the run is over, so exit handlers in this process do
    /// not run. A detached watcher, started before the server, waits for this process to be gone (however it
    /// ended), then stops the server and removes the folder; if the watcher is lost too (a reboot), the next
    /// run's sweep does it.
    /// </summary>
    private static void RemoveWhenThisProcessEnds(string root)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var stop = string.Join(' ', LocalPostgres.ImmediateStopCommand(root).Select(Quote));
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {stop}; rm -rf {Quote(root)}";
        using var watcher = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false });
    }
}

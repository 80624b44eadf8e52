using System.Diagnostics;
using DeepSync.Silo.Database;
using DeepSync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DeepSync.Tests.Integration;

/// <summary>
/// The private PostgreSQL data folders (about half a gigabyte each) do not pile up: a folder whose test
/// process is gone, even one killed mid-run with its server still up, is stopped and removed at the next
/// start, and folders of live runs are left alone.
/// </summary>
public sealed class PrivatePostgresFolderTests
{
    private static string NewParent()
    {
        // Like the temporary folder itself, open to the 'postgres' user the server runs as under root.
        var parent = Path.Combine(Path.GetTempPath(), $"deepsync-sweep-{Guid.NewGuid():N}"[..27]);
        Directory.CreateDirectory(parent);
        return parent;
    }

    private static string Folder(string parent, string name)
    {
        var root = Path.Combine(parent, TestPostgres.FolderPrefix + name);
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>Holds a folder's owner lock from another process, as a running test process does.</summary>
    private static Process HoldLockInAnotherProcess(string root)
    {
        var lockPath = Path.Combine(root, TestPostgres.OwnerLockName);
        File.WriteAllText(lockPath, "another test process");
        var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", lockPath, "sleep", "600"]) { RedirectStandardOutput = true })!;
        return holder;
    }

    private static bool LockIsHeld(string root)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(root, TestPostgres.OwnerLockName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    [Fact]
    public async Task A_folder_left_by_a_killed_run_is_stopped_and_removed_at_the_next_start_and_live_folders_stay()
    {
        var parent = NewParent();
        var holder = default(Process);
        try
        {
            // A run that was killed: its server is still up, its lock is free.
            var killed = Folder(parent, "killed");
            await File.WriteAllTextAsync(Path.Combine(killed, TestPostgres.OwnerLockName), "test process 1");
            var orphan = await LocalPostgres.StartAsync(killed, null, NullLogger.Instance, maxConnections: 20);
            Assert.Equal(killed, orphan.Root);
            Assert.True(LocalPostgres.ServerRunsIn(killed));

            // A run in progress elsewhere, and a folder an older version is just creating (no lock yet).
            var live = Folder(parent, "live");
            holder = HoldLockInAnotherProcess(live);
            await Eventually.Until(() => Task.FromResult(LockIsHeld(live)), held => held);
            var fresh = Folder(parent, "fresh");

            var removed = await TestPostgres.RemoveStaleFoldersAsync(parent);

            Assert.Equal([killed], removed);
            Assert.False(Directory.Exists(killed));
            Assert.False(LocalPostgres.ServerRunsIn(killed));
            await using var connection = new NpgsqlConnection(orphan.ConnectionString);
            await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(fresh));

            // Once the live run's process dies, its folder is stale too.
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
            await Eventually.Until(() => Task.FromResult(LockIsHeld(live)), held => !held);
            Assert.Equal([live], await TestPostgres.RemoveStaleFoldersAsync(parent));
            Assert.True(Directory.Exists(fresh));
        }
        finally
        {
            holder?.Kill(entireProcessTree: true);
            foreach (var root in Directory.EnumerateDirectories(parent))
            {
                await LocalPostgres.StopLeftoverServerAsync(root, NullLogger.Instance);
            }

            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task As_root_a_data_folder_the_postgres_user_cannot_enter_is_moved_where_it_can()
    {
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            // Only root hands the server to the 'postgres' user; as anyone else the folder is the caller's own.
            return;
        }

        // Like `mktemp -d` under /root (mode 700): 'postgres' cannot pass /root.
        var closed = Path.Combine("/root", $"deepsync-closed-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        LocalPostgres? server = null;
        try
        {
            server = await LocalPostgres.StartAsync(Path.Combine(closed, ".deepsync", "postgres"), null, NullLogger.Instance, maxConnections: 20);

            Assert.StartsWith(LocalPostgres.ReachableFallbackParent + "/", server.Root);
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            Assert.Equal(1, await command.ExecuteScalarAsync());
        }
        finally
        {
            if (server is not null)
            {
                await server.StopAsync();
                Directory.Delete(server.Root, recursive: true);
            }

            Directory.Delete(closed, recursive: true);
        }
    }
}

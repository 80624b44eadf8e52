using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DeepSync.Silo.Database;

/// <summary>
/// A private PostgreSQL server started from the installed binaries, so the platform and its tests run
/// with no database to set up. It listens on a free loopback port with a generated password. When the
/// process runs as root (where initdb refuses to run) the server runs as the <c>postgres</c> user, or
/// <c>nobody</c> where that user does not exist; if that user cannot enter the configured folder (say, a
/// folder under <c>/root</c>), the data goes to a folder it can reach under <c>/var/tmp/deepsync-postgres</c>,
/// one per configured folder, and the log says so.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    public const string DatabaseName = "deepsync";
    private const string SuperUser = "deepsync";

    private readonly string _root;
    private readonly string _binDirectory;
    private readonly string? _runAs;
    private readonly ILogger _logger;
    private bool _startedHere;
    private string _password = string.Empty;

    private readonly int _maxConnections;

    private LocalPostgres(string root, string binDirectory, string? runAs, ILogger logger, int maxConnections)
    {
        _maxConnections = maxConnections;
        _root = root;
        _binDirectory = binDirectory;
        _runAs = runAs;
        _logger = logger;
    }

    /// <summary>Connection string of the <c>deepsync</c> database on this server.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The folder that holds the data, the password and the log (the configured one, unless the service user cannot reach it).</summary>
    public string Root => _root;

    /// <summary>Where data goes when the process runs as root and the service user cannot enter the configured folder.</summary>
    public const string ReachableFallbackParent = "/var/tmp/deepsync-postgres";

    private string DataDirectory => Path.Combine(_root, "data");

    private string SocketDirectory => Path.Combine(_root, "run");

    private string PasswordFile => Path.Combine(_root, "password");

    /// <summary>
    /// Starts (or re-attaches to) the server whose data lives under <paramref name="root"/>.
    /// <paramref name="maxConnections"/> sizes the server for how many hosts and pools will share it.
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string root, string? binDirectory, ILogger logger, int maxConnections = 200, CancellationToken cancellationToken = default)
    {
        var fullRoot = Path.GetFullPath(root);
        var bin = FindBinDirectory(binDirectory);
        var runAs = Environment.IsPrivilegedProcess ? ServiceUser() : null;
        if (runAs is not null)
        {
            fullRoot = await ReachableRootAsync(fullRoot, runAs, logger, cancellationToken);
        }

        var server = new LocalPostgres(fullRoot, bin, runAs, logger, maxConnections);
        await server.StartCoreAsync(cancellationToken);
        return server;
    }

    /// <summary>Whether a PostgreSQL server is running on the data under <paramref name="root"/> (its postmaster is alive).</summary>
    public static bool ServerRunsIn(string root)
    {
        var pidFile = Path.Combine(root, "data", "postmaster.pid");
        try
        {
            var first = File.Exists(pidFile) ? File.ReadLines(pidFile).FirstOrDefault() : null;
            return int.TryParse(first?.Trim(), out var pid) && Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stops (immediately) a server left running on the data under <paramref name="root"/> by a process
    /// that is gone, so its folder can be removed.
    /// </summary>
    public static async Task StopLeftoverServerAsync(string root, ILogger logger)
    {
        if (!ServerRunsIn(root))
        {
            return;
        }

        var server = new LocalPostgres(Path.GetFullPath(root), FindBinDirectory(null), Environment.IsPrivilegedProcess ? ServiceUser() : null, logger, 0);
        logger.LogInformation("Stopping the PostgreSQL left running in {Data}", server.DataDirectory);
        await server.RunAsync("pg_ctl", ["stop", "-D", server.DataDirectory, "-m", "immediate", "-w", "-t", "30"], CancellationToken.None, throwOnFailure: false);
    }

    /// <summary>
    /// The command line that stops, at once, a server on the data under <paramref name="root"/> (as the user
    /// it runs as), for a watcher outside this process.
    /// </summary>
    public static IReadOnlyList<string> ImmediateStopCommand(string root)
    {
        string[] stop = [Path.Combine(FindBinDirectory(null), "pg_ctl"), "stop", "-D", Path.Combine(Path.GetFullPath(root), "data"), "-m", "immediate", "-w", "-t", "30"];
        return Environment.IsPrivilegedProcess ? ["runuser", "-u", ServiceUser(), "--", .. stop] : stop;
    }

    /// <summary>Creates another database on this server (tests use one per test class).</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server if this instance started it.</summary>
    public async Task StopAsync()
    {
        if (!_startedHere)
        {
            return;
        }

        _startedHere = false;
        await RunAsync("pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
    }

    /// <summary>Starts the server again on the same port after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartCoreAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(SocketDirectory);
        if (_runAs is not null)
        {
            await ChownAsync(cancellationToken);
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken);
        }

        var password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        var running = await RunningPortAsync(cancellationToken);
        if (running is { } port)
        {
            _logger.LogInformation("Using the private PostgreSQL already running on 127.0.0.1:{Port} ({Data})", port, DataDirectory);
            Port = port;
        }
        else
        {
            // A restart keeps its port, so existing connection strings stay valid.
            Port = Port != 0 ? Port : FreeLoopbackPort();
            var logFile = Path.Combine(_root, "postgres.log");
            await RunAsync(
                "pg_ctl",
                ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", logFile, "-o", $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c max_connections={_maxConnections}"],
                cancellationToken);
            _startedHere = true;
            _logger.LogInformation("Started a private PostgreSQL on 127.0.0.1:{Port} ({Data})", Port, DataDirectory);
        }

        _password = password;
        await EnsureDatabaseAsync(DatabaseName, cancellationToken);
        ConnectionString = ConnectionStringFor(DatabaseName);
    }

    private string ConnectionStringFor(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
        Pooling = pooling,
    }.ConnectionString;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (_runAs is not null)
        {
            await ChownAsync(cancellationToken);
        }

        _logger.LogInformation("Creating a private PostgreSQL cluster in {Data}", DataDirectory);
        await RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", SuperUser, "--pwfile", PasswordFile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale"],
            cancellationToken);
    }

    private async Task<int?> RunningPortAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var status = await RunAsync("pg_ctl", ["status", "-D", DataDirectory], throwOnFailure: false, cancellationToken: cancellationToken);
        if (status != 0)
        {
            return null;
        }

        // postmaster.pid: line 4 holds the port.
        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3].Trim(), out var port) ? port : null;
    }

    private async Task EnsureDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ChownAsync(CancellationToken cancellationToken)
    {
        await RunProcessAsync("chown", ["-R", _runAs!, _root], throwOnFailure: true, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The configured folder if the service user can write there (every parent must let it pass), else a
    /// folder of its own under <see cref="ReachableFallbackParent"/>; one line saying what to do if neither works.
    /// </summary>
    private static async Task<string> ReachableRootAsync(string root, string runAs, ILogger logger, CancellationToken cancellationToken)
    {
        if (await ServiceUserCanWriteAsync(root, runAs, cancellationToken))
        {
            return root;
        }

        var key = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12].ToLowerInvariant();
        var fallback = Path.Combine(ReachableFallbackParent, key);
        if (await ServiceUserCanWriteAsync(fallback, runAs, cancellationToken))
        {
            logger.LogWarning(
                "The private PostgreSQL runs as '{User}', which cannot enter {Root}; its data lives in {Fallback} instead",
                runAs,
                root,
                fallback);
            return fallback;
        }

        throw new StartupException(
            $"Running as root, the private PostgreSQL runs as '{runAs}', which cannot enter '{root}' (nor '{fallback}'): " +
            $"run DeepSync as a normal user, or set DeepSync__Database__LocalDataDirectory to a folder '{runAs}' can reach, or set DeepSync__Database__ConnectionString.");
    }

    private static async Task<bool> ServiceUserCanWriteAsync(string folder, string runAs, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(folder);
            await RunProcessAsync("chown", [runAs, folder], throwOnFailure: true, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or StartupException)
        {
            return false;
        }

        return await RunProcessAsync("runuser", ["-u", runAs, "--", "test", "-w", folder, "-a", "-x", folder], throwOnFailure: false, cancellationToken: cancellationToken) == 0;
    }

    private Task<int> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return _runAs is null
            ? RunProcessAsync(executable, arguments, throwOnFailure, cancellationToken)
            : RunProcessAsync("runuser", ["-u", _runAs, "--", executable, .. arguments], throwOnFailure, cancellationToken);
    }

    private static async Task<int> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, bool throwOnFailure, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new StartupException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (throwOnFailure && process.ExitCode != 0)
        {
            var detail = (await stderr).Trim();
            if (detail.Length == 0)
            {
                detail = (await stdout).Trim();
            }

            throw new StartupException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments.Take(2))} failed (exit {process.ExitCode}): {detail}");
        }

        return process.ExitCode;
    }

    private static string FindBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new StartupException($"DeepSync:Database:PostgresBinDirectory (DeepSync__Database__PostgresBinDirectory) is '{configured}', but it holds no initdb.");
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d).Split('.')[0], out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Dir is not null)
            {
                return newest.Dir;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        throw new StartupException(
            "No PostgreSQL server binaries were found (initdb, pg_ctl). Install them (apt-get install postgresql) " +
            "or set DeepSync__Database__ConnectionString to an existing database.");
    }

    private static string ServiceUser()
    {
        foreach (var candidate in new[] { "postgres", "nobody" })
        {
            try
            {
                var info = new ProcessStartInfo("id", ["-u", candidate]) { RedirectStandardOutput = true, RedirectStandardError = true };
                using var process = Process.Start(info)!;
                process.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                break;
            }
        }

        throw new StartupException("Running as root, but there is neither a 'postgres' nor a 'nobody' user to run the private PostgreSQL as.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

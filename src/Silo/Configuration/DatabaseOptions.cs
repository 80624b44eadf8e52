namespace DeepSync.Silo.Configuration;

/// <summary>Where PostgreSQL is (section <c>DeepSync:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "DeepSync:Database";

    /// <summary>
    /// An Npgsql connection string. Empty means: start a private local PostgreSQL from the installed
    /// binaries, with its data under <see cref="LocalDataDirectory"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Data folder of the private local PostgreSQL (relative paths are taken from the working directory).</summary>
    public string LocalDataDirectory { get; set; } = ".deepsync/postgres";

    /// <summary>Folder holding initdb and pg_ctl; empty means the newest of /usr/lib/postgresql/*/bin, then PATH.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Whether schema migrations run at start-up.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

namespace DeepSync.Silo.Configuration;

/// <summary>How this silo joins the cluster (section <c>DeepSync:Cluster</c>).</summary>
public sealed class SiloClusterOptions
{
    public const string Section = "DeepSync:Cluster";

    /// <summary>The service id is fixed: grain state is keyed by it, so changing it would orphan every grain's state.</summary>
    public const string ServiceId = "deepsync";

    /// <summary>Silos with the same cluster id (and database) form one cluster.</summary>
    public string ClusterId { get; set; } = "deepsync";

    /// <summary>Port for silo-to-silo traffic.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at. Empty means 127.0.0.1 (one machine).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every IPv4 interface (0.0.0.0) rather than only the advertised address; an IPv6 silo listens on its advertised address.</summary>
    public bool ListenOnAnyInterface { get; set; }

    /// <summary><c>postgres</c> (default) or <c>memory</c> for grain state, clustering and reminders.</summary>
    public string Storage { get; set; } = "postgres";
}

namespace DeepSync.Fleet;

/// <summary>Timing of node lifecycles (section <c>DeepSync:Nodes</c>).</summary>
public sealed class NodeLifecycleOptions
{
    public const string Section = "DeepSync:Nodes";

    /// <summary>A running node with no message for this long is put to sleep (scaled to zero).</summary>
    public TimeSpan IdleSleepAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a running node checks whether it has been idle long enough to sleep.</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a node in transition (provisioning, stopping, waking) polls its host.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message waits for a sleeping node to wake before it is refused.</summary>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The control plane's public URL, handed to node containers for the egress guard.</summary>
    public string? ControlPlaneUrl { get; set; }
}

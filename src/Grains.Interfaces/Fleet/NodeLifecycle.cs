namespace DeepSync.Fleet;

/// <summary>Where a node's container and agent are in their life.</summary>
public enum NodeLifecycle
{
    /// <summary>Exists in the fleet; never launched.</summary>
    Created = 0,
    /// <summary>Its container and agent are being set up.</summary>
    Provisioning = 1,
    /// <summary>Its agent answers.</summary>
    Running = 2,
    /// <summary>Scaled to zero; the next message wakes it.</summary>
    Sleeping = 3,
    /// <summary>Stopped on its host; keeps its memory.</summary>
    Stopped = 4,
    /// <summary>Its host could not start it; it can be launched again.</summary>
    Failed = 5,
    /// <summary>Removed from the fleet; its slot is free.</summary>
    Deleted = 6,
}

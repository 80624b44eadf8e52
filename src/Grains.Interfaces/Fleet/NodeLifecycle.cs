namespace DeepSync.Fleet;

/// <summary>Where a node's container and agent are in their life.</summary>
public enum NodeLifecycle
{
    Created = 0,
    Provisioning = 1,
    Running = 2,
    Sleeping = 3,
    Stopped = 4,
    Failed = 5,
    Deleted = 6,
}

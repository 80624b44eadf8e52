namespace DeepSync.Hosting;

/// <summary>A deployment's phase as the node grain reasons about it (platform statuses mapped onto these).</summary>
public enum DeploymentPhase
{
    /// <summary>Queued or initializing.</summary>
    Pending = 0,
    Building = 1,
    Deploying = 2,
    /// <summary>Serving (Railway SUCCESS).</summary>
    Running = 3,
    /// <summary>Scaled to zero / sleeping.</summary>
    Sleeping = 4,
    /// <summary>Stopped or removed: nothing runs.</summary>
    Stopped = 5,
    /// <summary>Failed to build or deploy, or crashed.</summary>
    Failed = 6,
}

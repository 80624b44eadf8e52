using DeepSync.Hosting;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>Maps Railway's <c>DeploymentStatus</c> values onto the phases the node grain reasons about.</summary>
public static class RailwayDeploymentStatuses
{
    private static readonly Dictionary<string, DeploymentStatus> Known = new(StringComparer.Ordinal)
    {
        ["INITIALIZING"] = new(DeploymentPhase.Pending, "INITIALIZING"),
        ["QUEUED"] = new(DeploymentPhase.Pending, "QUEUED"),
        ["WAITING"] = new(DeploymentPhase.Pending, "WAITING"),
        ["NEEDS_APPROVAL"] = new(DeploymentPhase.Pending, "NEEDS_APPROVAL", "The deployment waits for approval in Railway."),
        ["BUILDING"] = new(DeploymentPhase.Building, "BUILDING"),
        ["DEPLOYING"] = new(DeploymentPhase.Deploying, "DEPLOYING"),
        ["SUCCESS"] = new(DeploymentPhase.Running, "SUCCESS"),
        ["SLEEPING"] = new(DeploymentPhase.Sleeping, "SLEEPING"),
        ["REMOVING"] = new(DeploymentPhase.Stopped, "REMOVING"),
        ["REMOVED"] = new(DeploymentPhase.Stopped, "REMOVED"),
        // Railway skips a deployment that a newer one overtook before it started: nothing runs from it.
        ["SKIPPED"] = new(DeploymentPhase.Stopped, "SKIPPED", "Railway skipped this deployment (a newer one superseded it)."),
        ["FAILED"] = new(DeploymentPhase.Failed, "FAILED", "The deployment failed to build or start."),
        ["CRASHED"] = new(DeploymentPhase.Failed, "CRASHED", "The deployment crashed."),
    };

    /// <summary>Whether <paramref name="status"/> is a value this adapter knows.</summary>
    public static bool IsKnown(string status) => Known.ContainsKey(status);

    /// <summary>
    /// The status for Railway's word <paramref name="status"/>. A value added to the API later reads as
    /// <see cref="DeploymentPhase.Pending"/>, neither running nor failed, so the grain simply looks again.
    /// </summary>
    public static DeploymentStatus ToStatus(string status) =>
        Known.TryGetValue(status, out var known) ? known : new(DeploymentPhase.Pending, status, $"Unrecognised Railway deployment status '{status}'.");
}

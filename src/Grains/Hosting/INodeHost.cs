namespace DeepSync.Hosting;

/// <summary>
/// Where a node's container runs. The operations map one-to-one onto what a container platform offers
/// (on Railway: serviceCreate, variableCollectionUpsert, serviceInstanceDeployV2, deployment,
/// deploymentStop, serviceInstanceUpdate, serviceDelete), so the node grain can drive each step,
/// persist its result and resume after a restart. Transient failures throw
/// <see cref="NodeHostException"/> with <see cref="NodeHostException.Transient"/> set.
/// </summary>
public interface INodeHost
{
    /// <summary>A short name of the host for people and logs: <c>local</c> or <c>railway</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Creates the node's service from the omni-node image, or returns the existing one with that name
    /// (so a retried call after a lost answer creates nothing twice). Returns the service id.
    /// </summary>
    Task<string> CreateServiceAsync(Guid nodeId, string serviceName, CancellationToken cancellationToken = default);

    /// <summary>Sets (upserts) the service's environment variables. Values are secrets: never logged.</summary>
    Task SetVariablesAsync(string serviceId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default);

    /// <summary>Starts a deployment of the service's current image and variables; returns the deployment id.</summary>
    Task<string> DeployAsync(string serviceId, CancellationToken cancellationToken = default);

    /// <summary>The deployment's current status.</summary>
    Task<DeploymentStatus> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default);

    /// <summary>Asks the platform to stop the deployment; confirm with <see cref="GetDeploymentAsync"/>.</summary>
    Task StopDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default);

    /// <summary>Scales the service: 0 puts the node to sleep, 1 wakes it.</summary>
    Task SetReplicasAsync(string serviceId, int replicas, CancellationToken cancellationToken = default);

    /// <summary>Deletes the service and everything deployed from it.</summary>
    Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken = default);
}

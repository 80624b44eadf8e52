using DeepSync.Hosting;

namespace DeepSync.Benchmarks.Ports;

/// <summary>A host whose containers start and stop at once: the benchmarks measure grains, not containers.</summary>
public sealed class InstantNodeHost : INodeHost
{
    public string Name => "instant";

    public Task<string> CreateServiceAsync(Guid nodeId, string serviceName, CancellationToken cancellationToken = default) => Task.FromResult(serviceName);

    public Task SetVariablesAsync(string serviceId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<string> DeployAsync(string serviceId, CancellationToken cancellationToken = default) => Task.FromResult(serviceId + "-deployment");

    public Task<DeploymentStatus> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DeploymentStatus(DeploymentPhase.Running, "SUCCESS"));

    public Task StopDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetReplicasAsync(string serviceId, int replicas, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

using System.Collections.Concurrent;
using DeepSync.Hosting;

namespace DeepSync.Silo.Hosting;

/// <summary>
/// The default node host: nodes share this process's agent runtime, so there is no container. Its
/// "deployments" are notional and say so (platform status <c>LOCAL</c>); they run as soon as they are
/// created and stop when asked.
/// </summary>
public sealed class LocalNodeHost : INodeHost
{
    private readonly ConcurrentDictionary<string, DeploymentPhase> _deployments = new();

    public string Name => "local";

    public Task<string> CreateServiceAsync(Guid nodeId, string serviceName, CancellationToken cancellationToken = default) =>
        Task.FromResult($"local:{serviceName}");

    public Task SetVariablesAsync(string serviceId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task<string> DeployAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        var id = $"local-deployment:{Guid.NewGuid():N}";
        _deployments[id] = DeploymentPhase.Running;
        return Task.FromResult(id);
    }

    public Task<DeploymentStatus> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        // After a restart the shared runtime is up again, so an unknown local deployment is running.
        var phase = _deployments.GetValueOrDefault(deploymentId, DeploymentPhase.Running);
        return Task.FromResult(new DeploymentStatus(phase, phase == DeploymentPhase.Running ? "SUCCESS" : "REMOVED", "runs in the control plane's process"));
    }

    public Task StopDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        _deployments[deploymentId] = DeploymentPhase.Stopped;
        return Task.CompletedTask;
    }

    public Task SetReplicasAsync(string serviceId, int replicas, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

using DeepSync.Hosting;

namespace DeepSync.Silo.Hosting;

/// <summary>
/// The default node host: nodes share this process's agent runtime, so there is no container to start
/// or stop; starting and stopping succeed at once and say so truthfully.
/// </summary>
public sealed class LocalNodeHost : INodeHost
{
    public Task StartAsync(Guid nodeId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StopAsync(Guid nodeId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

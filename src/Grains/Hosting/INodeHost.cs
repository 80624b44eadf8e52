namespace DeepSync.Hosting;

/// <summary>Where a node's container runs: starts and stops it.</summary>
public interface INodeHost
{
    /// <summary>Starts (or confirms running) the node's container; returns when it serves requests.</summary>
    Task StartAsync(Guid nodeId, CancellationToken cancellationToken = default);

    /// <summary>Stops the node's container; returns once the host confirms it stopped.</summary>
    Task StopAsync(Guid nodeId, CancellationToken cancellationToken = default);
}

using DeepSync.Hosting;

namespace DeepSync.Benchmarks.Ports;

/// <summary>A host whose containers start and stop at once: the benchmarks measure grains, not containers.</summary>
public sealed class InstantNodeHost : INodeHost
{
    public Task StartAsync(Guid nodeId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StopAsync(Guid nodeId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

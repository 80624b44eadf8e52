using DeepSync.Governance;

namespace DeepSync.Benchmarks.Ports;

/// <summary>Credentials that are issued but never checked: the benchmarks do not call the node API.</summary>
public sealed class UnusedNodeCredentials : INodeCredentials
{
    public Task<string> IssueAsync(Guid nodeId, CancellationToken cancellationToken = default) => Task.FromResult("dsn_benchmark");

    public Task RevokeAsync(Guid nodeId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> VerifyAsync(Guid nodeId, string secret, CancellationToken cancellationToken = default) => Task.FromResult(false);
}

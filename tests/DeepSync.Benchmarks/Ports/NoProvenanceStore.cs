using DeepSync.Memory;

namespace DeepSync.Benchmarks.Ports;

/// <summary>Keeps no provenance: the benchmarks never touch archival memory.</summary>
public sealed class NoProvenanceStore : IProvenanceStore
{
    public Task RecordAsync(Guid nodeId, string passageId, Provenance provenance, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyDictionary<string, Provenance>> FindAsync(Guid nodeId, IReadOnlyCollection<string> passageIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, Provenance>>(new Dictionary<string, Provenance>());
}

namespace DeepSync.Memory;

/// <summary>Remembers where archival passages added through DeepSync came from.</summary>
public interface IProvenanceStore
{
    /// <summary>Records who added a passage, from which channel and message, and when; idempotent per passage.</summary>
    Task RecordAsync(Guid nodeId, string passageId, Provenance provenance, CancellationToken cancellationToken = default);

    /// <summary>The provenance of those passages that have one.</summary>
    Task<IReadOnlyDictionary<string, Provenance>> FindAsync(Guid nodeId, IReadOnlyCollection<string> passageIds, CancellationToken cancellationToken = default);
}

namespace DeepSync.Fleet;

/// <summary>
/// The write side of the operators' node directory: a queryable copy of every node's headline state,
/// kept in step by the node grains.
/// </summary>
public interface INodeDirectory
{
    /// <summary>
    /// Stores the entry unless a newer version of the same node is already stored. Deleted nodes keep
    /// their row (lifecycle <c>Deleted</c>) so that a late, older write can never bring them back.
    /// </summary>
    Task UpsertAsync(NodeDirectoryEntry entry, CancellationToken cancellationToken = default);
}

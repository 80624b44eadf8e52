namespace DeepSync.Governance;

/// <summary>
/// Each node's own secret for calling the control plane (egress guard, health reports). Only a hash is
/// stored; the secret itself exists in plain text once, when issued, on its way into the container.
/// </summary>
public interface INodeCredentials
{
    /// <summary>Issues a fresh secret for the node, replacing (and so revoking) any earlier one.</summary>
    Task<string> IssueAsync(Guid nodeId, CancellationToken cancellationToken = default);

    /// <summary>Revokes the node's secret; later checks fail until a new one is issued.</summary>
    Task RevokeAsync(Guid nodeId, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="secret"/> is the node's current, unrevoked secret.</summary>
    Task<bool> VerifyAsync(Guid nodeId, string secret, CancellationToken cancellationToken = default);
}

namespace DeepSync.Errors;

/// <summary>
/// A refusal a user can cause: carries a stable <see cref="DeepSyncError"/> and a message meant for people.
/// Grains throw it before writing anything, so a refused request leaves no trace.
/// </summary>
[GenerateSerializer]
[Alias("DeepSync.Errors.DeepSyncException")]
public sealed class DeepSyncException : Exception
{
    /// <summary>A refusal with its stable code and a message for people.</summary>
    public DeepSyncException(DeepSyncError code, string message) : base(message) => Code = code;

    /// <summary>Why the request was refused.</summary>
    [Id(0)]
    public DeepSyncError Code { get; private set; }

    /// <summary>Input that breaks a stated rule (<see cref="DeepSyncError.ValidationFailed"/>).</summary>
    public static DeepSyncException Validation(string message) => new(DeepSyncError.ValidationFailed, message);

    /// <summary>No node with this id that the caller may see (<see cref="DeepSyncError.NodeNotFound"/>).</summary>
    public static DeepSyncException NodeNotFound(Guid nodeId) => new(DeepSyncError.NodeNotFound, $"Node {nodeId} was not found.");
}

namespace DeepSync.Hosting;

/// <summary>The node host refused or failed an operation; <see cref="Transient"/> says whether retrying may help.</summary>
public sealed class NodeHostException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}

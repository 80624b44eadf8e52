namespace DeepSync.Benchmarks.Echo;

/// <summary>
/// Takes the node grain's per-message work apart: each method does one thing the message path does,
/// and nothing else, so its rate and allocation per call can be set beside a whole message's.
/// </summary>
[Alias("DeepSync.Benchmarks.Echo.ICostProbeGrain")]
public interface ICostProbeGrain : IGrainWithGuidKey
{
    /// <summary><c>RegisterOrUpdateReminder</c> with the node's lifecycle reminder settings (what Post does when the queue was empty).</summary>
    [Alias("Remind")]
    Task Remind();

    /// <summary>
    /// One <c>WriteStateAsync</c> of a <c>TeammateNodeState</c> whose queue holds <paramref name="queued"/>
    /// messages (what Post does once per message).
    /// </summary>
    [Alias("Write")]
    Task Write(int queued);
}

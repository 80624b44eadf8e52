namespace DeepSync.Benchmarks.Echo;

/// <summary>
/// The cheapest grain Orleans can host: no state, no injected services. Its activation size and call
/// rate are the runtime's own floor, so the node grain's figures are read against it.
/// </summary>
[Alias("DeepSync.Benchmarks.Echo.IEchoGrain")]
public interface IEchoGrain : IGrainWithGuidKey
{
    /// <summary>Returns <paramref name="text"/> unchanged.</summary>
    [Alias("Echo")]
    Task<string> Echo(string text);
}

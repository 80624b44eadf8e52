namespace DeepSync.Benchmarks.Echo;

/// <summary>Answers with its argument; strings are immutable, so Orleans passes them without a copy.</summary>
public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<string> Echo(string text) => Task.FromResult(text);
}

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>One kind of call whose rate and latency are measured: <paramref name="Call"/> on target <c>0..Targets-1</c>.</summary>
public sealed record TimedLoad(string Name, int Targets, Func<int, Task> Call);

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>One kind of call to keep the silo busy with: <paramref name="Call"/> on target <c>0..Targets-1</c>.</summary>
public sealed record CallLoad(string Name, int Targets, Func<int, Task> Call);

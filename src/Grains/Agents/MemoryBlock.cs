namespace DeepSync.Agents;

/// <summary>A core memory block (e.g. <c>persona</c>, <c>human</c>), always in the agent's context.</summary>
public sealed record MemoryBlock(string Label, string Value, int? Limit, string? Description);

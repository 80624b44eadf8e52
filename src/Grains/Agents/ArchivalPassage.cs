namespace DeepSync.Agents;

/// <summary>A passage of archival memory.</summary>
public sealed record ArchivalPassage(string Id, string Text, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt);

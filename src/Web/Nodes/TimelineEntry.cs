namespace DeepSync.Web.Nodes;

/// <summary>One line of a node's lifecycle timeline: from the ledger, or a live change not yet read back from it.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Action, string Who, string? Detail, bool Live);

namespace DeepSync.Web.Nodes;

/// <summary>
/// One line of a node's lifecycle timeline: from the ledger, or a live change not yet read back from it.
/// <see cref="Title"/> and <see cref="Detail"/> are for people; <see cref="Technical"/> (host ids, variables,
/// statuses) only for operators.
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string Event, string Title, string Who, string? Detail, string? Technical, bool Live);

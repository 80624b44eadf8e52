using DeepSync.Fleet;
using DeepSync.Silo.Governance;

namespace DeepSync.Web.Nodes;

/// <summary>
/// Merges a node's ledger entries with the live changes its grain pushed: the ledger row is written
/// just after the change, so a live change shows until the ledger has it, then the ledger row stands.
/// </summary>
public static class NodeTimelineBuilder
{
    // Lifecycle steps are ledger rows of one action with the step in their details; live changes name the step itself.
    private const string LifecycleStep = "node_lifecycle_step";

    private static readonly TimeSpan SameEvent = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<TimelineEntry> Build(IReadOnlyList<AuditRecord> ledger, IReadOnlyList<NodeChange> live)
    {
        var entries = ledger.Select(r => new TimelineEntry(r.OccurredAt, EventOf(r), r.InitiatorName, Describe(r), false)).ToList();
        foreach (var change in live)
        {
            if (!ledger.Any(r => Matches(r, change.Event) && (r.OccurredAt - change.At).Duration() < SameEvent))
            {
                entries.Add(new TimelineEntry(change.At, change.Event, change.Initiator?.DisplayName ?? string.Empty, change.Detail, true));
            }
        }

        return entries.OrderByDescending(e => e.At).ToList();
    }

    private static string EventOf(AuditRecord record) =>
        record.Action == LifecycleStep && record.Details.TryGetValue("step", out var step) && !string.IsNullOrWhiteSpace(step) ? step : record.Action;

    private static bool Matches(AuditRecord record, string liveEvent) =>
        record.Action == liveEvent || (record.Details.TryGetValue("step", out var step) && step == liveEvent);

    private static string? Describe(AuditRecord record)
    {
        var parts = record.Details
            .Where(d => !string.IsNullOrWhiteSpace(d.Value) && !(record.Action == LifecycleStep && d.Key == "step"))
            .Select(d => $"{d.Key.Replace('_', ' ')}: {d.Value}")
            .ToList();
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }
}

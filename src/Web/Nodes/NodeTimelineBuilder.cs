using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Web.Application.Ledger;

namespace DeepSync.Web.Nodes;

/// <summary>
/// Merges a node's ledger entries with the live changes its grain pushed: the ledger row is written
/// just after the change, so a live change shows until the ledger has it, then the ledger row stands.
/// </summary>
public static class NodeTimelineBuilder
{
    private static readonly TimeSpan SameEvent = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The timeline, newest first. Entries <paramref name="viewer"/> made read "you"; others as the owner reads
    /// them, or every initiator by name and kind for operators (<paramref name="operatorView"/>).
    /// </summary>
    public static IReadOnlyList<TimelineEntry> Build(IReadOnlyList<LedgerLine> ledger, IReadOnlyList<NodeChange> live, Actor? viewer = null, bool operatorView = false)
    {
        string WhoOf(ActorKind kind, string id, string name) =>
            viewer is not null && kind == viewer.Kind && id == viewer.Id ? "you"
            : operatorView ? $"{name} ({kind.ToString().ToLowerInvariant()})"
            : TimelineText.Who(kind, name);

        var entries = ledger.Select(r =>
        {
            var step = EventOf(r);
            return new TimelineEntry(
                r.OccurredAt,
                step,
                TimelineText.Title(step),
                WhoOf(r.InitiatorKind, r.InitiatorId, r.InitiatorName),
                TimelineText.Detail(r.Action, r.Details),
                TimelineText.Technical(r.Details, dropStep: true),
                false);
        }).ToList();
        foreach (var change in live)
        {
            if (!ledger.Any(r => Matches(r, change.Event) && (r.OccurredAt - change.At).Duration() < SameEvent))
            {
                var who = change.Initiator is { } initiator ? WhoOf(initiator.Kind, initiator.Id, initiator.DisplayName) : string.Empty;
                entries.Add(new TimelineEntry(change.At, change.Event, TimelineText.Title(change.Event), who, null, change.Detail, true));
            }
        }

        return entries.OrderByDescending(e => e.At).ToList();
    }

    private static string EventOf(LedgerLine record) =>
        record.Details.TryGetValue("step", out var step) && !string.IsNullOrWhiteSpace(step) ? step : record.Action;

    private static bool Matches(LedgerLine record, string liveEvent) =>
        record.Action == liveEvent || (record.Details.TryGetValue("step", out var step) && step == liveEvent);
}

using DeepSync.Governance;

namespace DeepSync.Web.Application.Ledger;

/// <summary>One audit ledger entry as the dashboard shows it.</summary>
public sealed record LedgerLine(
    long Sequence,
    DateTimeOffset OccurredAt,
    string Action,
    ActorKind InitiatorKind,
    string InitiatorId,
    string InitiatorName,
    Guid? NodeId,
    Guid? UserId,
    IReadOnlyDictionary<string, string> Details);

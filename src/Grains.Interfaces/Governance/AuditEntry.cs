namespace DeepSync.Governance;

/// <summary>
/// One ledger line. <see cref="EntryId"/> is chosen by the writer so that re-sending an entry after a
/// fault records it once.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Governance.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] Guid EntryId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Action,
    [property: Id(3)] Actor Initiator,
    [property: Id(4)] Guid? NodeId,
    [property: Id(5)] Guid? UserId,
    [property: Id(6)] IReadOnlyDictionary<string, string> Details);

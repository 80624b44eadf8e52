namespace DeepSync.Governance;

/// <summary>
/// The append-only ledger of suspensions, strikes and changes. Appending an entry whose
/// <see cref="AuditEntry.EntryId"/> is already recorded is a no-op, so writers can retry freely.
/// </summary>
public interface IAuditLedger
{
    /// <summary>Records the entries, all or none.</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);
}

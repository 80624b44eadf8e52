namespace DeepSync.Governance;

/// <summary>Publishes the ledger entries a grain stored with its state (its outbox).</summary>
public static class AuditOutbox
{
    /// <summary>Appends the pending entries and removes them from the list once the ledger confirmed them.</summary>
    /// <remarks>
    /// Publishes can overlap (the kill switch interleaves with other calls), and each sees the list as it
    /// was when it started; removing by entry id, not by position, keeps an earlier publish from removing
    /// entries it never sent or running past the end of a list another publish already emptied.
    /// </remarks>
    public static async Task FlushAsync(this IAuditLedger ledger, List<AuditEntry> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var batch = pending.ToList();
        await ledger.AppendAsync(batch, cancellationToken);
        var sent = batch.Select(e => e.EntryId).ToHashSet();
        pending.RemoveAll(e => sent.Contains(e.EntryId));
    }
}

namespace DeepSync.Governance;

/// <summary>Publishes the ledger entries a grain stored with its state (its outbox).</summary>
public static class AuditOutbox
{
    /// <summary>Appends the pending entries and removes them from the list once the ledger confirmed them.</summary>
    public static async Task FlushAsync(this IAuditLedger ledger, List<AuditEntry> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var batch = pending.ToList();
        await ledger.AppendAsync(batch, cancellationToken);
        pending.RemoveRange(0, batch.Count);
    }
}

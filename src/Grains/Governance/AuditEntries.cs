namespace DeepSync.Governance;

/// <summary>Builds ledger entries with fresh ids.</summary>
public static class AuditEntries
{
    public static AuditEntry Create(
        DateTimeOffset at,
        string action,
        Actor initiator,
        Guid? nodeId,
        Guid? userId,
        params (string Key, string? Value)[] details) =>
        new(
            Guid.NewGuid(),
            at,
            action,
            initiator,
            nodeId,
            userId,
            details.Where(d => d.Value is not null).ToDictionary(d => d.Key, d => d.Value!));
}

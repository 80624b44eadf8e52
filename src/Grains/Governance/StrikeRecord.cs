namespace DeepSync.Governance;

/// <summary>A strike as the subscription remembers it for the rolling window (the ledger keeps the full history).</summary>
[GenerateSerializer]
[Alias("DeepSync.Governance.StrikeRecord")]
public sealed record StrikeRecord(
    [property: Id(0)] Guid NodeId,
    [property: Id(1)] StrikeSeverity Severity,
    [property: Id(2)] string Rule,
    [property: Id(3)] DateTimeOffset At);

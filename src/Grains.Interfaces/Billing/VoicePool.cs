namespace DeepSync.Billing;

/// <summary>
/// The voice minutes of one billing period: the tier's allowance plus operator grants (null allowance
/// = unlimited), what was used, and the per-node breakdown.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Billing.VoicePool")]
public sealed record VoicePool(
    [property: Id(0)] int? AllowanceMinutes,
    [property: Id(1)] int GrantedMinutes,
    [property: Id(2)] long UsedSeconds,
    [property: Id(3)] IReadOnlyDictionary<Guid, long> UsedSecondsByNode)
{
    /// <summary>Seconds left this period, or <c>null</c> when unlimited.</summary>
    public long? RemainingSeconds => AllowanceMinutes is { } minutes
        ? Math.Max(0, (minutes + (long)GrantedMinutes) * 60 - UsedSeconds)
        : null;
}

namespace DeepSync.Billing;

/// <summary>A user's subscription: tier, period, voice pool and the nodes that count toward the limit.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Billing.SubscriptionSnapshot")]
public sealed record SubscriptionSnapshot(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] TierDefinition Tier,
    [property: Id(3)] BillingStatus Status,
    [property: Id(4)] DateTimeOffset PeriodStart,
    [property: Id(5)] DateTimeOffset PeriodEnd,
    [property: Id(6)] IReadOnlyList<Guid> NodeIds,
    [property: Id(7)] VoicePool Voice);

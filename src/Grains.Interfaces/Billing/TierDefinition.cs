namespace DeepSync.Billing;

/// <summary>
/// A subscription tier. Every limit uses <c>null</c> for "unlimited"; a <c>null</c>
/// <see cref="MonthlyPriceCents"/> means a custom (negotiated) price.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Billing.TierDefinition")]
public sealed record TierDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] int? MonthlyPriceCents,
    [property: Id(3)] int? NodeLimit,
    [property: Id(4)] int? VoiceMinutesPerPeriod,
    [property: Id(5)] IReadOnlyList<string> Features,
    [property: Id(6)] string? StripePriceId,
    [property: Id(7)] bool Archived = false);

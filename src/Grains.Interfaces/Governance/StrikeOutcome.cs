namespace DeepSync.Governance;

/// <summary>What recording a strike led to.</summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Governance.StrikeOutcome")]
public sealed record StrikeOutcome(
    [property: Id(0)] int StrikesInWindow,
    [property: Id(1)] bool SuspendedAllNodes);

using DeepSync.Billing;
using DeepSync.Errors;

namespace DeepSync.Tests.Domain;

/// <summary>The seeded tiers people see and the limits of a tier an operator may define, at their exact edges.</summary>
public sealed class TierRulesTests
{
    private static readonly TierDefinition Valid = new("pilot", "Pilot", 900, 3, 500, ["web_chat"], null);

    private static DeepSyncError Refusal(TierDefinition tier) =>
        Assert.Throws<DeepSyncException>(() => TierRules.Validate(tier)).Code;

    [Fact]
    public void The_seeded_tiers_are_the_decided_names_limits_and_features()
    {
        Assert.Equal(
            [
                ("scout_free", "Scout", (int?)0, (int?)1, (int?)1_000, "web_chat telegram voice core_skills"),
                ("command_pro", "Command", 2_900, 5, null, "web_chat telegram voice core_skills advanced_skills"),
                ("enterprise_gov", "Enterprise", null, 25, null, "web_chat telegram voice core_skills advanced_skills enterprise_skills"),
            ],
            TierRules.Seed.Select(t => (t.Id, t.DisplayName, t.MonthlyPriceCents, t.NodeLimit, t.VoiceMinutesPerPeriod, string.Join(' ', t.Features))));
    }

    [Fact]
    public void Limits_are_accepted_up_to_and_including_their_edges()
    {
        var edges = Valid with
        {
            DisplayName = new string('n', TierRules.DisplayNameMaxLength),
            NodeLimit = 10_000,
            VoiceMinutesPerPeriod = 10_000_000,
            Features = Enumerable.Range(0, TierRules.MaxFeatures).Select(i => $"skill_{i}").ToList(),
        };

        var validated = TierRules.Validate(edges);

        Assert.Equal(TierRules.MaxFeatures, validated.Features.Count);
        Assert.Equal(0, TierRules.Validate(Valid with { VoiceMinutesPerPeriod = 0 }).VoiceMinutesPerPeriod);
    }

    [Fact]
    public void Limits_one_past_their_edges_are_refused()
    {
        Assert.Equal(DeepSyncError.ValidationFailed, Refusal(Valid with { DisplayName = new string('n', TierRules.DisplayNameMaxLength + 1) }));
        Assert.Equal(DeepSyncError.ValidationFailed, Refusal(Valid with { NodeLimit = 10_001 }));
        Assert.Equal(DeepSyncError.ValidationFailed, Refusal(Valid with { NodeLimit = 0 }));
        Assert.Equal(DeepSyncError.ValidationFailed, Refusal(Valid with { VoiceMinutesPerPeriod = 10_000_001 }));
        Assert.Equal(DeepSyncError.ValidationFailed, Refusal(Valid with { VoiceMinutesPerPeriod = -1 }));
        Assert.Equal(
            DeepSyncError.ValidationFailed,
            Refusal(Valid with { Features = Enumerable.Range(0, TierRules.MaxFeatures + 1).Select(i => $"skill_{i}").ToList() }));
        Assert.Equal(DeepSyncError.ValidationFailed, Refusal(Valid with { Features = ["Not Snake"] }));
    }

    [Fact]
    public void Missing_and_blank_features_are_dropped_not_refused()
    {
        Assert.Empty(TierRules.Validate(Valid with { Features = null! }).Features);
        Assert.Equal(["web_chat"], TierRules.Validate(Valid with { Features = [" web_chat ", "", "  ", "web_chat"] }).Features);
    }
}

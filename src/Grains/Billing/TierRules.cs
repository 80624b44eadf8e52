using System.Text.RegularExpressions;
using DeepSync.Errors;

namespace DeepSync.Billing;

/// <summary>What a valid tier definition is, and the seeded catalog.</summary>
public static partial class TierRules
{
    public const int DisplayNameMaxLength = 40;
    public const int MaxFeatures = 32;

    /// <summary>The tiers a new catalog starts with (see the product decisions).</summary>
    public static IReadOnlyList<TierDefinition> Seed { get; } =
    [
        new(WellKnownTiers.ScoutFree, "Scout", 0, 1, 1_000, ["web_chat", "telegram", "voice", "core_skills"], null),
        new(WellKnownTiers.CommandPro, "Command", 2_900, 5, null, ["web_chat", "telegram", "voice", "core_skills", "advanced_skills"], null),
        new(WellKnownTiers.EnterpriseGov, "Enterprise", null, 25, null, ["web_chat", "telegram", "voice", "core_skills", "advanced_skills", "enterprise_skills"], null),
    ];

    /// <summary>Returns the normalised tier or throws <see cref="DeepSyncError.ValidationFailed"/>.</summary>
    public static TierDefinition Validate(TierDefinition? tier)
    {
        if (tier is null)
        {
            throw DeepSyncException.Validation("A tier definition is required.");
        }

        var id = (tier.Id ?? string.Empty).Trim();
        if (!IdPattern().IsMatch(id))
        {
            throw DeepSyncException.Validation("Tier id must be 2-40 characters of lowercase letters, digits and '_', starting with a letter.");
        }

        var name = (tier.DisplayName ?? string.Empty).Trim();
        if (name.Length == 0 || name.Length > DisplayNameMaxLength)
        {
            throw DeepSyncException.Validation($"Display name is required and must be at most {DisplayNameMaxLength} characters.");
        }

        if (tier.MonthlyPriceCents is < 0)
        {
            throw DeepSyncException.Validation("Monthly price cannot be negative.");
        }

        if (tier.NodeLimit is < 1 or > 10_000)
        {
            throw DeepSyncException.Validation("Node limit must be between 1 and 10000, or empty for unlimited.");
        }

        if (tier.VoiceMinutesPerPeriod is < 0 or > 10_000_000)
        {
            throw DeepSyncException.Validation("Voice minutes must be between 0 and 10000000, or empty for unlimited.");
        }

        var features = (tier.Features ?? []).Select(f => (f ?? string.Empty).Trim()).Where(f => f.Length > 0).Distinct().ToList();
        if (features.Count > MaxFeatures || features.Any(f => !IdPattern().IsMatch(f)))
        {
            throw DeepSyncException.Validation($"Features must be at most {MaxFeatures} lowercase snake_case names.");
        }

        var priceId = string.IsNullOrWhiteSpace(tier.StripePriceId) ? null : tier.StripePriceId.Trim();
        return tier with { Id = id, DisplayName = name, Features = features, StripePriceId = priceId };
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex IdPattern();
}

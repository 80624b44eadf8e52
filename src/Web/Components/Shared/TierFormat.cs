using System.Globalization;
using DeepSync.Billing;

namespace DeepSync.Web.Components.Shared;

/// <summary>How tier prices and limits read.</summary>
public static class TierFormat
{
    public static string Price(TierDefinition tier) => tier.MonthlyPriceCents switch
    {
        null => "Custom",
        0 => "Free",
        var cents => (cents.Value / 100m).ToString("$#,0.##", CultureInfo.InvariantCulture) + " / month",
    };

    /// <summary>The tier's features as people read them ("web_chat" reads "Web chat"); "—" when none.</summary>
    public static string Features(TierDefinition tier) =>
        tier.Features.Count == 0 ? "—" : string.Join(", ", tier.Features.Select(Feature));

    public static string Feature(string id)
    {
        var words = id.Replace('_', ' ').Trim();
        return words.Length == 0 ? id : char.ToUpperInvariant(words[0]) + words[1..];
    }

    public static string Limit(int? limit) => limit is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : "Unlimited";
}

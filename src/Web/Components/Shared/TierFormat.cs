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

    public static string Limit(int? limit) => limit is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : "Unlimited";
}

namespace DeepSync.Billing;

/// <summary>The ids of the tiers the catalog is seeded with.</summary>
public static class WellKnownTiers
{
    public const string ScoutFree = "scout_free";
    public const string CommandPro = "command_pro";
    public const string EnterpriseGov = "enterprise_gov";

    /// <summary>The tier every new user starts on.</summary>
    public const string Default = ScoutFree;
}

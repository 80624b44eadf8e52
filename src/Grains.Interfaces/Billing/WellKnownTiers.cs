namespace DeepSync.Billing;

/// <summary>The ids of the tiers the catalog is seeded with.</summary>
public static class WellKnownTiers
{
    /// <summary>Scout: free, one node, 1,000 voice minutes a period.</summary>
    public const string ScoutFree = "scout_free";
    /// <summary>Command: five nodes, unlimited voice.</summary>
    public const string CommandPro = "command_pro";
    /// <summary>Enterprise: 25 nodes, unlimited voice, enterprise skills.</summary>
    public const string EnterpriseGov = "enterprise_gov";

    /// <summary>The tier every new user starts on.</summary>
    public const string Default = ScoutFree;
}

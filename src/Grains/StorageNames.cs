namespace DeepSync;

/// <summary>
/// Names of the grain storage provider and of each grain class's state. The ADO.NET storage keys rows
/// by state name and grain id only, so every grain class must use its own state name.
/// </summary>
public static class StorageNames
{
    /// <summary>The grain storage provider every DeepSync grain persists to.</summary>
    public const string Provider = "deepsync";

    public const string TeammateNode = "teammate-node";
    public const string Subscription = "subscription";
    public const string TierCatalog = "tier-catalog";
}

using DeepSync.Web.Application.Cluster;
using DeepSync.Web.Application.Conversations;
using DeepSync.Web.Application.Fleet;
using DeepSync.Web.Application.Ledger;
using DeepSync.Web.Application.Memory;
using DeepSync.Web.Application.Nodes;
using DeepSync.Web.Application.Overwatch;
using DeepSync.Web.Application.Plan;
using DeepSync.Web.Application.Tiers;

namespace DeepSync.Web.Application;

/// <summary>
/// The application layer the dashboard talks to: one service per capability. Pages and components get
/// these, never a grain factory or a database source; read models check who asks. The ledger and
/// directory readers they use are registered by the silo hosting.
/// </summary>
public static class ApplicationSetup
{
    public static IServiceCollection AddDeepSyncApplication(this IServiceCollection services)
    {
        services.AddSingleton<NodeCommands>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<MemoryService>();
        services.AddSingleton<FleetService>();
        services.AddSingleton<TierCatalog>();
        services.AddSingleton<PlanService>();
        services.AddSingleton<MessageCounts>();
        services.AddSingleton<LedgerQueries>();
        services.AddSingleton<NodeDirectory>();
        services.AddSingleton<StrikeCounts>();
        services.AddSingleton<OperatorCommands>();
        services.AddSingleton<UpgradeRequests>();
        services.AddSingleton<ClusterStatus>();

        // One live view of nodes per circuit.
        services.AddScoped<NodeWatch>();
        return services;
    }
}

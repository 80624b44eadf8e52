using DeepSync.Web.Nodes;
using DeepSync.Web.Overwatch;
using MudBlazor.Services;
using Orleans.Dashboard;

namespace DeepSync.Web.Components;

/// <summary>The MudBlazor dashboard: interactive server components, MudBlazor, live node watching and the operators' read models.</summary>
public static class DashboardSetup
{
    public static WebApplicationBuilder AddDeepSyncDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Bottom corner: at the top, notices would cover the page's own title and status.
        builder.Services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        builder.Services.AddScoped<NodeWatch>();
        builder.Services.AddSingleton<StrikeCounts>();
        builder.Services.AddSingleton<ClusterStatusReader>();
        builder.Services.AddSingleton<DeepSync.Web.Plan.MessageCounts>();

        // A second UseOrleans call configures the same co-hosted silo that AddDeepSyncSilo built.
        builder.UseOrleans(silo => silo.AddDashboard());
        return builder;
    }
}

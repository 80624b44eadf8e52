using MudBlazor.Services;
using Orleans.Dashboard;

namespace DeepSync.Web.Components;

/// <summary>The MudBlazor dashboard: interactive server components, MudBlazor and the Orleans Dashboard (its services: <see cref="Application.ApplicationSetup"/>).</summary>
public static class DashboardSetup
{
    public static WebApplicationBuilder AddDeepSyncDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Bottom corner: at the top, notices would cover the page's own title and status.
        builder.Services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);

        // A second UseOrleans call configures the same co-hosted silo that AddDeepSyncSilo built.
        builder.UseOrleans(silo => silo.AddDashboard());
        return builder;
    }
}

using DeepSync.Silo;
using DeepSync.Silo.Database;
using DeepSync.Web;
using DeepSync.Web.Accounts;
using DeepSync.Web.Components;
using DeepSync.Web.Edge;
using DeepSync.Silo.Health;
using DeepSync.Web.NodeApi;
using DeepSync.Web.Overwatch;

var builder = WebApplication.CreateBuilder(args);
using var startupLogs = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
DeepSyncDatabase database;
try
{
    database = await builder.PrepareDeepSyncDatabaseAsync(startupLogs.CreateLogger("DeepSync.Database"));
    builder.AddDeepSyncSilo(database);
    builder.Services.AddProblemDetails();
    builder.Services.AddDeepSyncHealthChecks();
    builder.Services.AddProxyHeaders(builder.Configuration);
    builder.Services.AddPublicBaseUrl(builder.Configuration, builder.Environment);
    builder.Services.AddSecurityHeaders();
    builder.Services.AddDeepSyncAccounts(builder.Configuration);
    builder.AddDeepSyncDashboard();
    DeepSync.Web.Application.ApplicationSetup.AddDeepSyncApplication(builder.Services);
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"DeepSync cannot start: {ex.Message}");
    return 1;
}

var app = builder.Build();
app.UseProxyHeaders(app.Configuration);
app.UseSecurityHeaders(app.Environment);
app.UseExceptionHandler(errors => errors.Run(ErrorMapping.HandleAsync));
app.UseFormChecks();

app.MapDeepSyncHealth();
app.MapNodeApi();

app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapAccountEndpoints();
app.MapOverwatchEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    Console.Error.WriteLine($"DeepSync cannot start: {string.Join(" ", ex.Failures)}");
    return 1;
}

return 0;

/// <summary>Entry point type, visible to the integration tests.</summary>
public partial class Program;

using DeepSync.Web.NodeApi;
using DeepSync.Errors;
using DeepSync.Silo;
using DeepSync.Silo.Database;
using DeepSync.Web;
using DeepSync.Web.Health;

var builder = WebApplication.CreateBuilder(args);
using var startupLogs = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
DeepSyncDatabase database;
try
{
    database = await builder.PrepareDeepSyncDatabaseAsync(startupLogs.CreateLogger("DeepSync.Database"));
    builder.AddDeepSyncSilo(database);
}
catch (StartupException ex)
{
    Console.Error.WriteLine($"DeepSync cannot start: {ex.Message}");
    return 1;
}

builder.Services.AddProblemDetails();
builder.Services.AddDeepSyncHealthChecks();

var app = builder.Build();
app.UseExceptionHandler(errors => errors.Run(async context =>
{
    var error = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
    var result = error is DeepSyncException refusal
        ? ErrorMapping.ToResult(refusal)
        : Results.Problem("The request could not be completed; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable);
    await result.ExecuteAsync(context);
}));

app.MapDeepSyncHealth();
app.MapNodeApi();
app.MapGet("/", () => Results.Text("DeepSync control plane is running. Readiness: /health/ready\n"));

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

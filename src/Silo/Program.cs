using DeepSync.Silo.Database;
using DeepSync.Silo.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSync.Silo;

/// <summary>
/// The standalone silo: grain capacity without web traffic. Same configuration as the web host; it
/// serves only <c>/health/live</c> and <c>/health/ready</c> (on <c>http://localhost:5090</c> unless
/// <c>ASPNETCORE_URLS</c> or <c>ASPNETCORE_HTTP_PORTS</c> say otherwise).
/// </summary>
internal static class SiloProgram
{
    public const string DefaultHealthUrl = "http://localhost:5090";

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultHealthUrl);
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        try
        {
            var database = await builder.PrepareDeepSyncDatabaseAsync(loggerFactory.CreateLogger("DeepSync.Database"));
            builder.AddDeepSyncSilo(database);
            builder.Services.AddDeepSyncHealthChecks();
            var app = builder.Build();
            app.MapDeepSyncHealth();
            await app.RunAsync();
            return 0;
        }
        catch (StartupException ex)
        {
            Console.Error.WriteLine($"DeepSync silo cannot start: {ex.Message}");
            return 1;
        }
    }
}

using DeepSync.Silo.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeepSync.Silo;

/// <summary>The standalone silo: grain capacity without web traffic. Same configuration as the web host.</summary>
internal static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
        try
        {
            var database = await builder.PrepareDeepSyncDatabaseAsync(loggerFactory.CreateLogger("DeepSync.Database"));
            builder.AddDeepSyncSilo(database);
            await builder.Build().RunAsync();
            return 0;
        }
        catch (StartupException ex)
        {
            Console.Error.WriteLine($"DeepSync silo cannot start: {ex.Message}");
            return 1;
        }
    }
}

using DeepSync.Hosting;
using DeepSync.Silo.Hosting.Railway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeepSync.Tests.Railway;

/// <summary>
/// The Railway node host wired exactly as production wires it (<see cref="RailwayServiceCollectionExtensions.AddRailwayNodeHost"/>),
/// pointed at a <see cref="FakeRailway"/> with short timeouts and backoffs, logging everything to <see cref="Logs"/>.
/// </summary>
public sealed class RailwayTestHost : IAsyncDisposable
{
    public const string Image = "ghcr.io/deepsync/omni-node:test";

    private readonly ServiceProvider _services;

    private RailwayTestHost(ServiceProvider services, CapturingLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
        Host = services.GetRequiredService<INodeHost>();
    }

    public INodeHost Host { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Settings (keys under <c>DeepSync:Railway</c>) that reach the fake quickly; tests override single ones.</summary>
    public static Dictionary<string, string?> Settings(FakeRailway fake) => new()
    {
        ["Token"] = fake.Token,
        ["ProjectId"] = FakeRailway.ProjectId,
        ["EnvironmentId"] = FakeRailway.EnvironmentId,
        ["Image"] = Image,
        ["Endpoint"] = fake.Endpoint.ToString(),
        // Long enough that a loaded 2-core machine never times out an ordinary answer, short enough for hang tests.
        ["RequestTimeout"] = "00:00:02",
        ["TotalTimeout"] = "00:00:20",
        ["MaxRetries"] = "4",
        ["RetryBaseDelay"] = "00:00:00.05",
        ["MaxRetryAfter"] = "00:00:05",
        ["CircuitMinimumThroughput"] = "50",
        ["CircuitSamplingDuration"] = "00:00:10",
        ["CircuitBreakDuration"] = "00:00:01",
    };

    public static RailwayTestHost Create(FakeRailway fake, Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = Settings(fake);
        adjust?.Invoke(settings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{RailwayOptions.Section}:{s.Key}", s.Value)))
            .Build();

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddRailwayNodeHost(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new RailwayTestHost(services, logs);
    }

    /// <summary>Polls the deployment until <paramref name="done"/> holds, returning every status seen.</summary>
    public async Task<IReadOnlyList<DeploymentStatus>> PollAsync(string deploymentId, Func<DeploymentStatus, bool> done, TimeSpan? within = null)
    {
        var seen = new List<DeploymentStatus>();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var status = await Host.GetDeploymentAsync(deploymentId);
            seen.Add(status);
            if (done(status))
            {
                return seen;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Deployment {deploymentId} did not get there in time; seen: {string.Join(", ", seen.Select(s => s.PlatformStatus).Distinct())}");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}

using System.Net.Http.Headers;
using DeepSync.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>Registers Railway as the node host.</summary>
public static class RailwayServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RailwayNodeHost"/> as the <see cref="INodeHost"/>, with <see cref="RailwayOptions"/>
    /// bound from <c>DeepSync:Railway</c> and validated at start-up, and a resilient HTTP client for Railway's API.
    /// </summary>
    public static IServiceCollection AddRailwayNodeHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RailwayOptions>().Bind(configuration.GetSection(RailwayOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RailwayOptions>, RailwayOptionsValidator>());

        services.AddHttpClient<RailwayGraphQLClient>((provider, http) =>
            {
                var railway = provider.GetRequiredService<IOptions<RailwayOptions>>().Value;
                http.BaseAddress = new Uri(railway.Endpoint);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", railway.Token);
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("DeepSync", "1.0"));
                // The resilience handler's overall timeout governs; HttpClient's own 100 s would cut across it.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The client lives as long as the singleton host; recycling pooled connections keeps DNS changes visible.
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The default loggers put the raw Authorization header into their structured state (only the
            // message is redacted), so any structured sink would store the token; ours logs no headers.
            .RemoveAllLoggers()
            .AddLogger<RailwayHttpLogger>()
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                try
                {
                    RailwayResilience.Configure(resilience, provider.GetRequiredService<IOptions<RailwayOptions>>().Value);
                }
                catch (OptionsValidationException)
                {
                    // Invalid settings are reported once, by RailwayOptionsValidator at start-up; failing here too
                    // would only repeat each message. The host does not start, so these defaults never serve a call.
                }
            });

        services.TryAddSingleton<RailwayHttpLogger>();
        services.AddSingleton<RailwayNodeHost>();
        services.AddSingleton<INodeHost>(provider => provider.GetRequiredService<RailwayNodeHost>());
        return services;
    }
}

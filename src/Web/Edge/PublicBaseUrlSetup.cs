using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.HostFiltering;

namespace DeepSync.Web.Edge;

/// <summary>Registers <see cref="PublicBaseUrl"/> and, when it is configured, serves only its host.</summary>
public static class PublicBaseUrlSetup
{
    public static IServiceCollection AddPublicBaseUrl(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = PublicBaseUrl.Parse(configuration, environment);
        services.AddSingleton(sp => new PublicBaseUrl(configured, sp.GetRequiredService<IServer>()));
        if (configured is not null)
        {
            // Only requests for the public host are served unless AllowedHosts says otherwise.
            services.PostConfigure<HostFilteringOptions>(options =>
            {
                if (options.AllowedHosts.Count == 0 || options.AllowedHosts.Contains("*"))
                {
                    options.AllowedHosts = [configured.IdnHost];
                }
            });
        }

        return services;
    }
}

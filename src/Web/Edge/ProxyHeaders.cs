using Microsoft.AspNetCore.HttpOverrides;

namespace DeepSync.Web.Edge;

/// <summary>
/// Behind a TLS-terminating proxy (Railway's edge) requests arrive as plain HTTP from the proxy's
/// address. With <c>DeepSync:Web:TrustForwardedHeaders</c> set, the proxy's X-Forwarded-For/-Proto
/// are believed, so cookies are marked Secure and per-address limits see the real client. Off by
/// default: a host reachable directly must not let clients claim another address.
/// </summary>
public static class ProxyHeaders
{
    public const string Setting = "DeepSync:Web:TrustForwardedHeaders";

    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue(Setting, false))
        {
            services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                options.ForwardLimit = 1;
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
            });
        }

        return services;
    }

    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app, IConfiguration configuration) =>
        configuration.GetValue(Setting, false) ? app.UseForwardedHeaders() : app;
}

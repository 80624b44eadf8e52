using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace DeepSync.Web.Edge;

/// <summary>
/// Headers every response carries: a Content-Security-Policy that lets Blazor Server and MudBlazor work
/// (scripts from this origin only, plus the page's import map by its hash; the circuit's WebSocket to
/// this host; inline styles, which MudBlazor sets on elements), <c>nosniff</c>, a referrer policy that
/// keeps token-bearing URLs (reset and confirmation links) inside the site, and a permissions policy
/// that turns off device APIs nothing uses. Outside Development, HTTPS responses (directly or through
/// a trusted proxy, see <see cref="ProxyHeaders"/>) also carry HSTS.
/// </summary>
public static class SecurityHeaders
{
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
    public const string ReferrerPolicy = "same-origin";

    // The import map is the same for every page of a build; hashing it once per definition is enough.
    private static readonly ConditionalWeakTable<ResourceAssetCollection, string> ImportMapHashes = [];

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(context);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = ReferrerPolicy;
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    public static string ContentSecurityPolicy(HttpContext context)
    {
        var socket = (context.Request.IsHttps ? "wss://" : "ws://") + context.Request.Host.Value;
        var importMap = context.GetEndpoint()?.Metadata.GetMetadata<ResourceAssetCollection>() is { } assets
            ? " '" + ImportMapHashes.GetValue(assets, ImportMapHash) + "'"
            : string.Empty;
        return "default-src 'self'; "
            + $"script-src 'self'{importMap}; "
            + "style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; "
            + "font-src 'self' data:; "
            + $"connect-src 'self' {socket}; "
            + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    }

    /// <summary>The CSP hash of the inline import map Blazor's <c>ImportMap</c> component renders for these assets.</summary>
    public static string ImportMapHash(ResourceAssetCollection assets) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ImportMapDefinition.FromResourceCollection(assets).ToString())));
}

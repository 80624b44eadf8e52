using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Caps account form posts (sign-in, sign-up, reset, resend) per client address, so nobody can use
/// the platform to flood a mailbox or hammer sign-in across many accounts. Lockout still guards each
/// single account. <c>DeepSync:Accounts:PostsPerMinute</c> sets the cap (default 20).
/// </summary>
public static class AccountRateLimits
{
    public const string Section = "DeepSync:Accounts:PostsPerMinute";

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue(Section, 20);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/account")
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
        });
        return services;
    }
}

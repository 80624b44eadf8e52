using DeepSync.Silo.Database;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeepSync.Web.Accounts;

/// <summary>Identity on PostgreSQL, the cookie, the operator policy, e-mail and the optional GitHub/Google sign-in.</summary>
public static class AccountsSetup
{
    public const string GitHubScheme = "GitHub";
    public const string GoogleScheme = "Google";

    public static IServiceCollection AddDeepSyncAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        // One key ring in PostgreSQL for the whole cluster (cookies, antiforgery, e-mail tokens).
        services.AddDeepSyncKeyRing(configuration);

        services.AddDbContext<AccountsDbContext>((sp, options) => options.UseNpgsql(sp.GetRequiredService<DeepSyncDatabase>().ConnectionString));

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SecurityStampRevalidation>();

        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = IdentityConstants.ApplicationScheme;
            options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        authentication.AddIdentityCookies();
        ExternalSignIn.AddProviders(authentication, configuration);

        services.AddIdentityCore<DeepSyncUser>(options =>
            {
                options.SignIn.RequireConfirmedEmail = true;
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DeepSyncClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // Every request checks the security stamp, so signing out (which renews the stamp) or a
        // password change ends every copy of the old cookie at once, not after a grace period.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "deepsync.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
            cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        services.ConfigureExternalCookie(cookie =>
        {
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(DeepSyncClaims.OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(DeepSyncClaims.OperatorRole));

        services.AddOptions<OperatorOptions>().Bind(configuration.GetSection(OperatorOptions.Section));
        services.AddTransient<IClaimsTransformation, OperatorClaimsTransformation>();

        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        var smtp = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (smtp.Configured)
        {
            services.AddSingleton<IEmailTransport, SmtpEmailTransport>();
        }
        else
        {
            services.AddSingleton<IEmailTransport, OutboxEmailTransport>();
        }

        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<AccountEmails>();
        services.AddSingleton<IEmailSender<DeepSyncUser>>(sp => sp.GetRequiredService<AccountEmails>());
        services.AddScoped<AccountLinks>();
        services.AddSingleton<PendingSignUp>();
        services.AddScoped<EqualSignInWork>();
        services.AddAccountRateLimits(configuration);
        return services;
    }

    // Pages get a redirect to sign in (or to the access-denied page); API and export endpoints a bare status.
    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/ops/export") || path.StartsWithSegments("/ops/orleans")
            || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

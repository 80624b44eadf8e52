using DeepSync.Governance;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using DeepSync.Billing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DeepSync.Web.Accounts;

/// <summary>
/// GitHub and Google sign-in, each added only when its client id is configured
/// (<c>DeepSync:Authentication:GitHub:ClientId</c>/<c>ClientSecret</c>, likewise for Google). An external
/// account is linked to the DeepSync account with the same address only when the provider says the
/// address is verified.
/// </summary>
public static class ExternalSignIn
{
    /// <summary>The configured providers (scheme, display name), for the sign-in page.</summary>
    public static IReadOnlyList<(string Scheme, string DisplayName)> Configured(IConfiguration configuration)
    {
        var providers = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(configuration["DeepSync:Authentication:GitHub:ClientId"]))
        {
            providers.Add((AccountsSetup.GitHubScheme, "GitHub"));
        }

        if (!string.IsNullOrWhiteSpace(configuration["DeepSync:Authentication:Google:ClientId"]))
        {
            providers.Add((AccountsSetup.GoogleScheme, "Google"));
        }

        return providers;
    }

    public static void AddProviders(AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var google = configuration.GetSection("DeepSync:Authentication:Google");
        if (!string.IsNullOrWhiteSpace(google["ClientId"]))
        {
            authentication.AddGoogle(AccountsSetup.GoogleScheme, o =>
            {
                o.ClientId = google["ClientId"]!;
                o.ClientSecret = google["ClientSecret"] ?? string.Empty;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                // Google says whether it verified the address; only a verified one links to an account.
                o.ClaimActions.MapJsonKey(VerifiedEmailClaim, "email_verified");
            });
        }

        var github = configuration.GetSection("DeepSync:Authentication:GitHub");
        if (!string.IsNullOrWhiteSpace(github["ClientId"]))
        {
            // No GitHub handler package is served here; GitHub speaks plain OAuth 2.0, so the built-in handler does.
            authentication.AddOAuth(AccountsSetup.GitHubScheme, "GitHub", o =>
            {
                o.ClientId = github["ClientId"]!;
                o.ClientSecret = github["ClientSecret"] ?? string.Empty;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.CallbackPath = "/signin-github";
                o.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
                o.TokenEndpoint = "https://github.com/login/oauth/access_token";
                o.UserInformationEndpoint = "https://api.github.com/user";
                o.Scope.Add("user:email");
                o.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
                o.ClaimActions.MapJsonKey(ClaimTypes.Name, "login");
                o.Events.OnCreatingTicket = AddGitHubIdentityAsync;
            });
        }
    }

    private const string VerifiedEmailClaim = "deepsync:external_email_verified";

    private static async Task AddGitHubIdentityAsync(OAuthCreatingTicketContext context)
    {
        using var user = await GetJsonAsync(context, context.Options.UserInformationEndpoint);
        context.RunClaimActions(user.RootElement);

        // The primary, verified address only: an unverified GitHub address proves nothing.
        using var emails = await GetJsonAsync(context, "https://api.github.com/user/emails");
        foreach (var entry in emails.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("primary").GetBoolean() && entry.GetProperty("verified").GetBoolean())
            {
                context.Identity!.AddClaim(new Claim(ClaimTypes.Email, entry.GetProperty("email").GetString()!));
                context.Identity.AddClaim(new Claim(VerifiedEmailClaim, "true"));
            }
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(OAuthCreatingTicketContext context, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.UserAgent.ParseAdd("DeepSync");
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted));
    }

    /// <summary>Maps <c>POST /account/external</c> (start) and <c>GET /account/external/callback</c> (finish).</summary>
    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/external", (HttpContext http, [FromForm] string provider, SignInManager<DeepSyncUser> signIn, IConfiguration configuration) =>
        {
            if (Configured(configuration).All(p => p.Scheme != provider))
            {
                return Results.NotFound();
            }

            var properties = signIn.ConfigureExternalAuthenticationProperties(provider, "/account/external/callback");
            return Results.Challenge(properties, [provider]);
        });

        endpoints.MapGet("/account/external/callback", async (HttpContext http, SignInManager<DeepSyncUser> signIn, UserManager<DeepSyncUser> users, IGrainFactory grains) =>
        {
            var info = await signIn.GetExternalLoginInfoAsync();
            if (info is null)
            {
                return Results.Redirect("/account/login?error=external");
            }

            var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
            if (result.Succeeded)
            {
                await http.SignOutAsync(IdentityConstants.ExternalScheme);
                return Results.Redirect("/");
            }

            var email = info.Principal.FindFirstValue(ClaimTypes.Email);
            var verified = info.Principal.FindFirstValue(VerifiedEmailClaim) is "true" or "True";
            if (result.IsLockedOut || string.IsNullOrWhiteSpace(email) || !verified)
            {
                await http.SignOutAsync(IdentityConstants.ExternalScheme);
                return Results.Redirect("/account/login?error=external");
            }

            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new DeepSyncUser { Id = Guid.NewGuid(), UserName = email, Email = email, DisplayName = AccountNames.FromEmail(email), EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
                if (!(await users.CreateAsync(user)).Succeeded)
                {
                    return Results.Redirect("/account/login?error=external");
                }

                await grains.GetGrain<ISubscriptionGrain>(user.Id).Provision(Actor.ForUser(user.Id, user.DisplayName), email);
            }
            else if (!user.EmailConfirmed)
            {
                // The provider verified the address, which is what confirmation proves. A password set by
                // whoever signed up with the address unconfirmed is not the owner's: it goes.
                user.EmailConfirmed = true;
                await users.UpdateAsync(user);
                if (await users.HasPasswordAsync(user))
                {
                    await users.RemovePasswordAsync(user);
                }
            }

            await users.AddLoginAsync(user, info);
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
            return Results.Redirect("/");
        });

        return endpoints;
    }
}

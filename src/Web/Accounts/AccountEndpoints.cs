using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DeepSync.Web.Accounts;

/// <summary>Account actions that are plain form posts: sign-out and the theme switch.</summary>
public static class AccountEndpoints
{
    /// <summary>The cookie that remembers dark or light per browser.</summary>
    public const string ThemeCookie = "deepsync.theme";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Renewing the security stamp invalidates every copy of the cookie (other tabs, other
        // devices, a stolen copy), because each request checks the stamp.
        endpoints.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<DeepSyncUser> signIn, UserManager<DeepSyncUser> users) =>
        {
            // No form fields are bound here, so nothing checks the token unless this does: a
            // cross-site form must not be able to sign people out.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            var user = await users.GetUserAsync(http.User);
            if (user is not null)
            {
                await users.UpdateSecurityStampAsync(user);
            }

            await signIn.SignOutAsync();
            return Results.Redirect("/account/login?signedOut=1");
        }).RequireAuthorization();

        endpoints.MapPost("/account/theme", (HttpContext http, [FromForm] string theme, [FromForm] string? returnUrl) =>
        {
            var dark = theme == "dark";
            http.Response.Cookies.Append(ThemeCookie, dark ? "dark" : "light", new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        });

        endpoints.MapExternalSignIn();
        return endpoints;
    }

    /// <summary>Only same-site paths: an open redirect would let a crafted link bounce users elsewhere.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}

using Microsoft.AspNetCore.DataProtection;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Remembers, in the browser that signed up, which account it created and with which password (by the
/// account's security stamp, which changes with the password). A confirmation link opened in that
/// browser confirms the address and keeps the password chosen at sign-up; opened anywhere else, the
/// person who holds the mailbox chooses the password. Anyone can sign up with an address that is not
/// theirs: confirming must hand the account to the owner of the mailbox, never to whoever typed the
/// first password.
/// </summary>
public sealed class PendingSignUp(IDataProtectionProvider protection)
{
    public const string Cookie = "deepsync.signup";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("DeepSync.Accounts.PendingSignUp").ToTimeLimitedDataProtector();

    public void Remember(HttpContext http, DeepSyncUser user) =>
        http.Response.Cookies.Append(Cookie, _protector.Protect(Payload(user), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/account",
            MaxAge = Lifetime,
            IsEssential = true,
        });

    /// <summary>Whether this browser signed up <paramref name="user"/> and the password it chose is still the account's.</summary>
    public bool IsFrom(HttpContext http, DeepSyncUser user)
    {
        if (!http.Request.Cookies.TryGetValue(Cookie, out var value) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        try
        {
            return _protector.Unprotect(value) == Payload(user);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    public void Forget(HttpContext http) => http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/account" });

    private static string Payload(DeepSyncUser user) => $"{user.Id:N}|{user.SecurityStamp}";
}

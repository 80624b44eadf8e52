using System.Security.Claims;
using DeepSync.Web.Accounts;

namespace DeepSync.Web.Application.People;

/// <summary>How a signed-in person is named to others (in chat): the display name they chose, else their e-mail's local part.</summary>
public static class PersonName
{
    /// <summary>The claim registration adds with the name the person chose.</summary>
    public const string DisplayNameClaim = "deepsync:display_name";

    public static string DisplayName(this ClaimsPrincipal user)
    {
        var chosen = user.FindFirstValue(DisplayNameClaim);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return chosen.Trim();
        }

        return FromEmail(user.Email());
    }

    /// <summary>The part of an address before the '@' (the whole text when there is none).</summary>
    public static string FromEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 ? email[..at] : email;
    }
}

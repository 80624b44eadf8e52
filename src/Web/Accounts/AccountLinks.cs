using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace DeepSync.Web.Accounts;

/// <summary>Builds the absolute links account e-mails carry, from the address the request came in on.</summary>
public sealed class AccountLinks(NavigationManager navigation)
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string ConfirmEmail(Guid userId, string token) =>
        navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri("account/confirm-email").AbsoluteUri, new Dictionary<string, object?> { ["userId"] = userId.ToString(), ["code"] = Encode(token) });

    public string ResetPassword(string email, string token) =>
        navigation.GetUriWithQueryParameters(navigation.ToAbsoluteUri("account/reset-password").AbsoluteUri, new Dictionary<string, object?> { ["email"] = email, ["code"] = Encode(token) });

    public string Absolute(string relative) => navigation.ToAbsoluteUri(relative).AbsoluteUri;
}

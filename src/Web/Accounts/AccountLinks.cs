using System.Text;
using DeepSync.Web.Edge;
using Microsoft.AspNetCore.WebUtilities;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Builds the absolute links account e-mails carry, from the configured public address and never from
/// the request: its Host header is the sender's to choose, and a reset link must not point elsewhere.
/// </summary>
public sealed class AccountLinks(PublicBaseUrl publicBaseUrl)
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
        QueryHelpers.AddQueryString(Absolute("account/confirm-email"), new Dictionary<string, string?> { ["userId"] = userId.ToString(), ["code"] = Encode(token) });

    public string ResetPassword(string email, string token) =>
        QueryHelpers.AddQueryString(Absolute("account/reset-password"), new Dictionary<string, string?> { ["email"] = email, ["code"] = Encode(token) });

    public string Absolute(string relative) => publicBaseUrl.Link(relative).AbsoluteUri;
}

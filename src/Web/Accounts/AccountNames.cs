using DeepSync.Text;

namespace DeepSync.Web.Accounts;

/// <summary>Display names: checked with the shared text rules, defaulting to the part of the address before '@'.</summary>
public static class AccountNames
{
    public const string Field = "Display name";

    /// <summary>The display name to store for <paramref name="typed"/> (empty: the default from <paramref name="email"/>), or a problem to show.</summary>
    public static (string? Name, string? Problem) Choose(string? typed, string email)
    {
        var name = (typed ?? string.Empty).Trim();
        if (name.Length == 0)
        {
            return (FromEmail(email), null);
        }

        var problem = UserText.Problem(name, Field, TextShape.SingleLine, InputLimits.DisplayName);
        return problem is null ? (name, null) : (null, problem);
    }

    /// <summary>The part of <paramref name="email"/> before '@', made a valid one-line name.</summary>
    public static string FromEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var acceptable = (at > 0 ? email[..at] : email).EnumerateRunes()
            .Select(r => r.ToString())
            .Where(r => UserText.Problem(r, Field, TextShape.SingleLine, 2) is null);
        var local = string.Concat(acceptable).Trim();
        if (local.Length > InputLimits.DisplayName)
        {
            local = local[..InputLimits.DisplayName];
            if (char.IsHighSurrogate(local[^1]))
            {
                local = local[..^1];
            }
        }

        return local.Length > 0 ? local : "user";
    }

    /// <summary>The name <paramref name="user"/> shows.</summary>
    public static string Of(DeepSyncUser user) => user.DisplayName is { Length: > 0 } name ? name : FromEmail(user.Email ?? user.UserName ?? string.Empty);
}

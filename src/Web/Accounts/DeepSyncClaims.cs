using System.Security.Claims;
using DeepSync.Governance;

namespace DeepSync.Web.Accounts;

/// <summary>Claim and role names of the dashboard, and the grain <see cref="Actor"/> built from a signed-in principal.</summary>
public static class DeepSyncClaims
{
    /// <summary>The role operators hold.</summary>
    public const string OperatorRole = "operator";

    /// <summary>The authorization policy of every operator page and endpoint.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Added at sign-in when the e-mail address is confirmed; the operator role needs it.</summary>
    public const string EmailConfirmed = "deepsync:email_confirmed";

    /// <summary>The account's display name (chat labels and the like show it instead of the e-mail address).</summary>
    public const string DisplayName = "deepsync:display_name";

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The principal is not a signed-in DeepSync user.");

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? string.Empty;

    /// <summary>The signed-in account's display name, or the part of its address before '@' when it has none.</summary>
    public static string DisplayNameOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) is { Length: > 0 } name ? name : AccountNames.FromEmail(user.Email());

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(OperatorRole);

    /// <summary>The user acting on their own resources (fleet and node pages), even when they are also an operator.</summary>
    public static Actor UserActor(this ClaimsPrincipal user) => Actor.ForUser(user.UserId(), user.Email());

    /// <summary>The operator acting on anyone's resources (Overwatch); refuses a principal without the role.</summary>
    public static Actor OperatorActor(this ClaimsPrincipal user) => user.IsOperator()
        ? Actor.ForOperator(user.Email(), user.Email())
        : throw new UnauthorizedAccessException("Only operators may act as operators.");
}

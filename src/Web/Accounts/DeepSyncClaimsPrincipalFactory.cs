using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DeepSync.Web.Accounts;

/// <summary>Puts the e-mail address, whether it is confirmed (the operator role depends on both) and the display name into the sign-in cookie.</summary>
public sealed class DeepSyncClaimsPrincipalFactory(UserManager<DeepSyncUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DeepSyncUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DeepSyncUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!identity.HasClaim(c => c.Type == ClaimTypes.Email) && user.Email is not null)
        {
            identity.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        }

        identity.AddClaim(new Claim(DeepSyncClaims.EmailConfirmed, user.EmailConfirmed ? "true" : "false"));
        identity.AddClaim(new Claim(DeepSyncClaims.DisplayName, AccountNames.Of(user)));
        return identity;
    }
}

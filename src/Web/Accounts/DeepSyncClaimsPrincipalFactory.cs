using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DeepSync.Web.Accounts;

/// <summary>Puts the e-mail address and whether it is confirmed into the sign-in cookie; the operator role depends on both.</summary>
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
        return identity;
    }
}

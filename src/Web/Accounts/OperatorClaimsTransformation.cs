using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Grants the operator role on every request from configuration, so removing an address from
/// <c>DeepSync:Operators</c> takes effect at once, and only for a confirmed address.
/// </summary>
public sealed class OperatorClaimsTransformation(IOptionsMonitor<OperatorOptions> options) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true } identity
            || principal.IsInRole(DeepSyncClaims.OperatorRole)
            || principal.FindFirstValue(DeepSyncClaims.EmailConfirmed) != "true"
            || !options.CurrentValue.IsOperator(principal.FindFirstValue(ClaimTypes.Email)))
        {
            return Task.FromResult(principal);
        }

        // A new identity added to a clone: the transformation may run more than once per request.
        var clone = principal.Clone();
        clone.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.Role, DeepSyncClaims.OperatorRole)], identity.AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(clone);
    }
}

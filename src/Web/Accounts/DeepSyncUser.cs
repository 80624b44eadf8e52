using Microsoft.AspNetCore.Identity;

namespace DeepSync.Web.Accounts;

/// <summary>
/// A person who signs in to the dashboard. The Guid key is also the key of the user's
/// <c>ISubscriptionGrain</c>, so the account and the subscription never need a mapping table.
/// </summary>
public sealed class DeepSyncUser : IdentityUser<Guid>
{
    /// <summary>When the account was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The name shown to others instead of the e-mail address; empty means the part of the address before '@'.</summary>
    public string DisplayName { get; set; } = string.Empty;
}

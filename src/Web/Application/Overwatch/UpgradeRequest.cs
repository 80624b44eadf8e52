namespace DeepSync.Web.Application.Overwatch;

/// <summary>A user's open request for a bigger plan: who, from which plan to which, and when.</summary>
public sealed record UpgradeRequest(Guid UserId, string Email, string FromTierId, string ToTierId, DateTimeOffset RequestedAt);

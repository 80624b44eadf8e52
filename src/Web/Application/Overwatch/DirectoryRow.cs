using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Overwatch;

/// <summary>One node across users as Overwatch lists it, with the security strikes it collected in the last 24 hours.</summary>
public sealed record DirectoryRow(
    Guid NodeId,
    Guid OwnerId,
    string OwnerEmail,
    string TierId,
    string Name,
    string Callsign,
    NodeLifecycle Lifecycle,
    SuspensionReason? SuspensionReason,
    DateTimeOffset CreatedAt,
    int StrikesLast24Hours);

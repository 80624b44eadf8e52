using DeepSync.Billing;
using DeepSync.Fleet;

namespace DeepSync.Web.Application.Fleet;

/// <summary>What the fleet page shows: the caller's subscription and their teammates that are not deleted, oldest first.</summary>
public sealed record FleetView(SubscriptionSnapshot Subscription, IReadOnlyList<NodeSnapshot> Nodes);

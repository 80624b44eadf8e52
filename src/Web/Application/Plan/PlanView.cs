using DeepSync.Billing;
using DeepSync.Fleet;

namespace DeepSync.Web.Application.Plan;

/// <summary>The plan page's data: the caller's subscription, their teammates, the active tiers and this period's messages per day.</summary>
public sealed record PlanView(SubscriptionSnapshot Subscription, IReadOnlyList<NodeSnapshot> Nodes, IReadOnlyList<TierDefinition> Tiers, IReadOnlyList<DailyMessages> MessagesPerDay);

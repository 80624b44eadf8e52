using DeepSync.Fleet;
using DeepSync.Governance;
using MudBlazor;

namespace DeepSync.Web.Nodes;

/// <summary>How lifecycle states, suspension reasons and ledger actions read and look in the dashboard.</summary>
public static class NodeText
{
    public static string Lifecycle(NodeLifecycle lifecycle) => lifecycle switch
    {
        NodeLifecycle.Created => "Created",
        NodeLifecycle.Provisioning => "Provisioning",
        NodeLifecycle.Running => "Running",
        NodeLifecycle.Sleeping => "Sleeping",
        NodeLifecycle.Stopped => "Stopped",
        NodeLifecycle.Failed => "Failed",
        NodeLifecycle.Deleted => "Deleted",
        _ => lifecycle.ToString(),
    };

    public static Color LifecycleColor(NodeLifecycle lifecycle) => lifecycle switch
    {
        NodeLifecycle.Running => Color.Success,
        NodeLifecycle.Provisioning => Color.Info,
        NodeLifecycle.Failed => Color.Error,
        NodeLifecycle.Sleeping => Color.Secondary,
        _ => Color.Default,
    };

    public static string Reason(SuspensionReason reason) => reason switch
    {
        SuspensionReason.OwnerRequest => "suspended by its owner",
        SuspensionReason.Operator => "suspended by an operator",
        SuspensionReason.SecurityStrikes => "suspended after three security strikes within 24 hours",
        SuspensionReason.OverPlanLimit => "suspended because the plan no longer covers it",
        _ => "suspended",
    };

    /// <summary>An owner may lift only a suspension they made; everything else needs an operator.</summary>
    /// <summary>Whether the node's owner may lift its suspension: the grain's own rule.</summary>
    public static bool OwnerMayResume(NodeSnapshot node) =>
        node.Suspension is { } suspension && SuspensionPolicy.MayResume(Actor.ForUser(node.OwnerId, "owner"), node.OwnerId, suspension);

    public static string Action(string action) => action switch
    {
        AuditAction.NodeCreated => "Created",
        AuditAction.NodeRenamed => "Renamed",
        AuditAction.NodeLaunched => "Launched",
        AuditAction.NodeStopped => "Stopped",
        AuditAction.NodeSuspended => "Suspended",
        AuditAction.NodeResumed => "Resumed",
        AuditAction.NodeDeleted => "Deleted",
        AuditAction.StrikeRecorded => "Security strike",
        AuditAction.VoiceMinutesGranted => "Voice minutes granted",
        AuditAction.TierChanged => "Plan changed",
        _ => string.Join(' ', action.Split('_', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } words
            ? char.ToUpperInvariant(words[0]) + words[1..]
            : action,
    };

    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Minutes(long seconds) => $"{seconds / 60:N0} min";
}

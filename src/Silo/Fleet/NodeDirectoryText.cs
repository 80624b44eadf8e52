using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Silo.Fleet;

/// <summary>How lifecycle states and suspension reasons are spelled in the directory tables.</summary>
public static class NodeDirectoryText
{
    public static string Lifecycle(NodeLifecycle lifecycle) => lifecycle.ToString().ToLowerInvariant();

    public static NodeLifecycle ParseLifecycle(string text) => Enum.Parse<NodeLifecycle>(text, ignoreCase: true);

    public static string Reason(SuspensionReason reason) => reason switch
    {
        SuspensionReason.OwnerRequest => "owner_request",
        SuspensionReason.Operator => "operator",
        SuspensionReason.SecurityStrikes => "security_strikes",
        SuspensionReason.OverPlanLimit => "over_plan_limit",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static SuspensionReason ParseReason(string text) => text switch
    {
        "owner_request" => SuspensionReason.OwnerRequest,
        "operator" => SuspensionReason.Operator,
        "security_strikes" => SuspensionReason.SecurityStrikes,
        "over_plan_limit" => SuspensionReason.OverPlanLimit,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, null),
    };
}

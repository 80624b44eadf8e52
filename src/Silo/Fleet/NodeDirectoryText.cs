using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Silo.Fleet;

/// <summary>How lifecycle states and suspension reasons are spelled in the directory tables.</summary>
public static class NodeDirectoryText
{
    public static string Lifecycle(NodeLifecycle lifecycle) => lifecycle.ToString().ToLowerInvariant();

    public static NodeLifecycle ParseLifecycle(string text) => Enum.Parse<NodeLifecycle>(text, ignoreCase: true);

    public static string Reason(SuspensionReason reason) => SuspensionReasonText.Of(reason);

    public static SuspensionReason ParseReason(string text) => SuspensionReasonText.Parse(text);
}

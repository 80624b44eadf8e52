using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Web.Application.Nodes;
using MudBlazor;

namespace DeepSync.Web.Components.Shared;

/// <summary>
/// The kill switch as every page offers it: the confirmation (an operator must give a reason, the owner sees
/// it), then the suspension as the signed-in actor. Used by the fleet, node and both Overwatch pages.
/// </summary>
public static class SuspendFlow
{
    /// <summary>The node after the suspension; null when the person cancelled or the grain refused (the refusal is shown).</summary>
    public static async Task<NodeSnapshot?> RunAsync(IDialogService dialogs, ISnackbar snackbar, NodeCommands nodes, Actor actor, Guid nodeId, string nodeLabel)
    {
        var parameters = new DialogParameters<SuspendDialog> { { d => d.NodeName, nodeLabel } };
        if (actor.IsOperator)
        {
            parameters.Add(d => d.ReasonRequired, true);
            parameters.Add(d => d.Consequence, "Only an operator can resume it; the owner sees your reason.");
        }

        var dialog = await dialogs.ShowAsync<SuspendDialog>(null, parameters);
        if (await dialog.Result is not { Canceled: false, Data: string reason })
        {
            return null;
        }

        NodeSnapshot? suspended = null;
        await snackbar.TryAsync(async () => suspended = await nodes.SuspendAsync(actor, nodeId, reason), actor.IsOperator ? $"{nodeLabel} is suspended." : null);
        return suspended;
    }
}

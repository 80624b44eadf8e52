using DeepSync.Agents;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Text;
using Microsoft.Extensions.Logging;

namespace DeepSync.Fleet;

/// <summary>
/// The kill switch, top to bottom. Suspending flips the flag and cuts the run in flight before the first
/// await, so from that instant every channel is refused and the delivery loop stops; then the suspension
/// is made durable, and then every other plane is driven down (runtime run cancelled, credential
/// revoked, container stopped until the host confirms), each audited with its outcome. Two commits:
/// the suspension itself, then the planes' outcomes together with the stop they begin.
/// </summary>
public sealed class NodeKillSwitch(
    NodeRecord record,
    NodeLifecycleDriver lifecycle,
    NodeAgentRun agent,
    IAgentRuntime runtime,
    INodeCredentials credentials,
    ILogger logger,
    Action resumeDelivery)
{
    private TeammateNodeState S => record.S;

    public async Task SuspendAsync(Actor actor, SuspensionReason reason, string detail)
    {
        SuspensionPolicy.EnsureMaySuspend(actor, S.OwnerId, reason);
        var trimmed = UserText.Check((detail ?? string.Empty).Trim(), "The suspension reason", TextShape.MultiLine, InputLimits.Reason);
        if (S.Suspension is { } current)
        {
            await SupersedeAsync(current, actor, reason, trimmed);
            return;
        }

        // 1. The switch proper: synchronous, before any await, so nothing that starts later gets through.
        S.Suspension = new Suspension(reason, trimmed, actor, record.Now);
        var cutConversation = agent.Cut();
        var runWasCut = cutConversation is not null;
        S.RunOnResume = S.Lifecycle is NodeLifecycle.Running or NodeLifecycle.Sleeping or NodeLifecycle.Provisioning;

        // 2. Durable: after a restart the node is still suspended.
        await record.CommitAsync(record.Audit(AuditAction.NodeSuspended, actor, ("reason", SuspensionReasonText.Of(reason)), ("detail", trimmed)));

        // 3. Every other plane.
        await DrivePlanesDownAsync(actor, runWasCut ? await CancelRuntimeRunAsync(actor, cutConversation) : null);
    }

    /// <summary>After a restart: finishes a kill switch that was interrupted between its two commits.</summary>
    public async Task FinishIfInterruptedAsync()
    {
        if (NodeLifecycleMachine.KillSwitchInterrupted(record.Facts()))
        {
            await DrivePlanesDownAsync(S.Suspension!.Initiator, null);
        }
    }

    public async Task ResumeAsync(Actor actor)
    {
        if (S.Suspension is not { } suspension)
        {
            throw new DeepSyncException(DeepSyncError.Conflict, "This node is not suspended.");
        }

        SuspensionPolicy.EnsureMayResume(actor, S.OwnerId, suspension);
        S.Suspension = null;
        await record.CommitAsync(record.Audit(AuditAction.NodeResumed, actor, ("lifted_reason", SuspensionReasonText.Of(suspension.Reason))));
        if (S.RunOnResume)
        {
            // Resume redeploys: a fresh deployment with a freshly issued credential.
            S.RunOnResume = false;
            await lifecycle.BeginProvisionAsync(actor);
        }

        resumeDelivery();
    }

    /// <summary>Revokes the credential and begins the stop, recorded in one commit with the run's cancellation (if any); then stops the container step by step until the host confirms.</summary>
    private async Task DrivePlanesDownAsync(Actor actor, AuditEntry? runCancelled)
    {
        AuditEntry[] outcomes = runCancelled is null ? [await RevokeCredentialAsync(actor)] : [runCancelled, await RevokeCredentialAsync(actor)];
        var stopping = lifecycle.PrepareStop();
        await record.CommitAsync(outcomes);
        if (stopping)
        {
            await lifecycle.DriveAsync();
        }
    }

    /// <summary>For deletion: cuts the run in flight and revokes the credential; returns the entry to record with the deletion.</summary>
    public Task<AuditEntry> DisconnectAsync(Actor actor)
    {
        agent.Cut();
        return RevokeCredentialAsync(actor);
    }

    private async Task<AuditEntry> RevokeCredentialAsync(Actor actor)
    {
        var outcome = "revoked";
        try
        {
            await credentials.RevokeAsync(record.NodeId);
        }
        catch (Exception ex)
        {
            outcome = $"revocation failed: {ex.Message}";
            logger.LogError(ex, "Revoking the credential of node {NodeId} failed", record.NodeId);
        }

        return record.Audit(AuditAction.CredentialRevoked, actor, ("outcome", outcome));
    }

    /// <summary>
    /// Already suspended, so every plane is already being driven down. A suspension the owner may not lift
    /// takes the place of one they may; otherwise the first one stands.
    /// </summary>
    private async Task SupersedeAsync(Suspension current, Actor actor, SuspensionReason reason, string detail)
    {
        if (SuspensionPolicy.Supersedes(reason, current.Reason))
        {
            S.Suspension = new Suspension(reason, detail, actor, record.Now);
            await record.CommitAsync(record.Audit(
                AuditAction.NodeSuspended, actor, ("reason", SuspensionReasonText.Of(reason)), ("detail", detail), ("supersedes", SuspensionReasonText.Of(current.Reason))));
        }
    }

    private async Task<AuditEntry> CancelRuntimeRunAsync(Actor actor, string? conversationId)
    {
        var outcome = "cancelled";
        try
        {
            if (S.AgentId is { } agentId && conversationId is not null)
            {
                await runtime.CancelAsync(agentId, conversationId);
            }
        }
        catch (Exception ex)
        {
            // The local stream is already cut; the runtime's own run ends with nobody listening.
            outcome = $"cancel request failed: {ex.Message}";
            logger.LogWarning(ex, "Cancelling the agent run of node {NodeId} failed", record.NodeId);
        }

        return record.Audit(AuditAction.AgentRunCancelled, actor, ("outcome", outcome));
    }
}

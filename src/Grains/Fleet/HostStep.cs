using System.Security.Cryptography;
using DeepSync.Agents;
using DeepSync.Governance;
using DeepSync.Hosting;

namespace DeepSync.Fleet;

/// <summary>Does one <see cref="HostAction"/> against the host, the runtime or the credential store, and reports what came back.</summary>
public sealed class HostStep(NodeRecord record, INodeHost host, IAgentRuntime runtime, INodeCredentials credentials, NodeLifecycleOptions options)
{
    private TeammateNodeState S => record.S;

    /// <summary>Runs <paramref name="action"/>; <paramref name="deploying"/> is told while a deploy call is out (a stop waits for its id).</summary>
    public async Task<HostOutcome> RunAsync(HostAction action, Action<bool> deploying)
    {
        switch (action)
        {
            case HostAction.CreateService:
                return new HostOutcome.ServiceCreated(await host.CreateServiceAsync(record.NodeId, $"node-{record.NodeId:N}"[..17]));
            case HostAction.SetVariables:
                var variables = await VariablesAsync();
                await host.SetVariablesAsync(S.ServiceId!, variables);
                return new HostOutcome.VariablesHanded([.. variables.Keys.Order()]);
            case HostAction.Deploy:
                deploying(true);
                try
                {
                    return new HostOutcome.DeploymentCreated(await host.DeployAsync(S.ServiceId!));
                }
                finally
                {
                    deploying(false);
                }

            case HostAction.ReadDeployment or HostAction.ReadStop or HostAction.ReadWake:
                return new HostOutcome.DeploymentSeen(await host.GetDeploymentAsync(S.DeploymentId!));
            case HostAction.EnsureAgent:
                var profile = S.Profile!;
                return new HostOutcome.AgentReady(await runtime.EnsureAgentAsync(new AgentSpec(record.NodeId, profile.Name, PersonaOf(profile), $"My owner signs in as {S.OwnerEmail}.", S.AgentId)));
            case HostAction.RequestStop:
                await host.StopDeploymentAsync(S.DeploymentId!);
                return new HostOutcome.StopAccepted();
            case HostAction.ScaleUp:
                await host.SetReplicasAsync(S.ServiceId!, 1);
                return new HostOutcome.ScaledUp();
            default:
                return new HostOutcome.NothingToDo();
        }
    }

    private async Task<Dictionary<string, string>> VariablesAsync()
    {
        // Every deploy gets a fresh credential; the previous one stops working at once.
        var token = await credentials.IssueAsync(record.NodeId);
        var variables = new Dictionary<string, string>
        {
            ["DEEPSYNC_NODE_ID"] = record.NodeId.ToString(),
            ["DEEPSYNC_NODE_TOKEN"] = token,

            // The container's own agent API only opens to a token whose hash it holds. The control
            // plane reaches agents through its configured runtime and keeps no copy, so it stays shut.
            ["DEEPSYNC_AGENT_API_TOKEN_SHA256"] = Convert.ToHexString(SHA256.HashData(RandomNumberGenerator.GetBytes(32))).ToLowerInvariant(),
        };
        if (!string.IsNullOrWhiteSpace(options.ControlPlaneUrl))
        {
            variables["DEEPSYNC_CONTROL_PLANE_URL"] = options.ControlPlaneUrl;
        }

        return variables;
    }

    private static string PersonaOf(NodeProfile profile) =>
        $"I am {profile.Name} (callsign {profile.Callsign}), a DeepSync teammate." +
        (profile.Role.Length > 0 ? $" My role: {profile.Role}." : string.Empty) +
        (profile.Location.Length > 0 ? $" I am based in {profile.Location}." : string.Empty);
}

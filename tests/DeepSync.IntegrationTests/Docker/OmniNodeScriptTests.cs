using System.Diagnostics;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Docker;

/// <summary>Runs the omni-node container's own script tests (egress-guard hook, TCP forwarder) with node's test runner.</summary>
public sealed class OmniNodeScriptTests
{
    [Fact]
    public async Task The_egress_guard_hook_and_forwarder_pass_their_node_tests()
    {
        var folder = Path.Combine(RepoPaths.Root, "docker", "omni-node");
        var info = new ProcessStartInfo("node", ["--test", "--test-reporter=tap", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        using var node = Process.Start(info) ?? throw new InvalidOperationException("node could not be started; install Node.js 20.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);

        var output = await stdout;
        Assert.True(node.ExitCode == 0, $"node --test failed (exit {node.ExitCode}):\n{output}\n{await stderr}");
        Assert.Contains("# fail 0", output);
        Assert.DoesNotContain("# pass 0", output);
    }
}

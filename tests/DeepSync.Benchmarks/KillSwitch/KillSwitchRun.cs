using System.Diagnostics;
using DeepSync.Agents;
using DeepSync.Benchmarks.Hosting;
using DeepSync.Benchmarks.Ports;
using DeepSync.Benchmarks.Scenarios;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Hosting.Railway;
using DeepSync.Tests.Railway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Benchmarks.KillSwitch;

/// <summary>
/// Kill-switch latency of issue 5 against the fake Railway. Per run: launch a node on the fake (the real
/// <see cref="RailwayNodeHost"/> over GraphQL), wait until it runs, start the senders, and once the
/// runtime has answered some of their messages call Suspend. Measured from the Suspend call: (a) the
/// first NodeSuspended a sender sees, (b) the fake receiving deploymentStop for the node's deployment,
/// (c) the container_stopped audit entry reaching the ledger (the node is then Stopped, checked).
/// Safety, checked on every run: no message reaches the runtime after Suspend returned.
/// </summary>
public sealed class KillSwitchRun(KillSwitchSettings settings, TextWriter progress)
{
    private static readonly TimeSpan CollectionAge = TimeSpan.FromHours(2);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    public async Task<KillSwitchReport> ExecuteAsync()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = settings.PhaseDuration;
        var clock = await FakeRailwayClock.CalibrateAsync(fake);
        progress.WriteLine($"Fake Railway at {fake.Endpoint}; its request log maps to this process's clock within ±{clock.UncertaintyMs:0.000} ms.");

        var runtime = new RecordingAgentRuntime();
        await using var silo = await BenchmarkSilo.StartAsync(CollectionAge, builder =>
        {
            builder.Configuration.AddInMemoryCollection(RailwaySettings(fake));
            builder.Services.AddRailwayNodeHost(builder.Configuration);
            builder.Services.AddSingleton<IAgentRuntime>(runtime);
            builder.Services.Configure<NodeLifecycleOptions>(o => o.PollInterval = settings.PollInterval);
        });

        progress.WriteLine($"Provisioning {settings.Runs} nodes...");
        var fleet = await new FleetProvisioner(silo.Grains).ProvisionAsync(settings.Runs, 16);

        var runs = new List<KillSwitchSample>();
        for (var r = 0; r < fleet.Count; r++)
        {
            runs.Add(await RunOnceAsync(silo, fake, clock, runtime, fleet[r], r + 1));
            if ((r + 1) % 10 == 0 || r + 1 == fleet.Count)
            {
                progress.WriteLine($"Kill switch: {r + 1}/{fleet.Count} runs done.");
            }
        }

        return new KillSwitchReport(settings, clock.UncertaintyMs, runs);
    }

    private static Dictionary<string, string?> RailwaySettings(FakeRailway fake) => new()
    {
        [$"{RailwayOptions.Section}:Token"] = fake.Token,
        [$"{RailwayOptions.Section}:ProjectId"] = FakeRailway.ProjectId,
        [$"{RailwayOptions.Section}:EnvironmentId"] = FakeRailway.EnvironmentId,
        [$"{RailwayOptions.Section}:Image"] = "ghcr.io/deepsync/omni-node:bench",
        [$"{RailwayOptions.Section}:Endpoint"] = fake.Endpoint.ToString(),
        [$"{RailwayOptions.Section}:RequestTimeout"] = "00:00:02",
        [$"{RailwayOptions.Section}:TotalTimeout"] = "00:00:10",
        [$"{RailwayOptions.Section}:MaxRetries"] = "4",
        [$"{RailwayOptions.Section}:RetryBaseDelay"] = "00:00:00.05",
        [$"{RailwayOptions.Section}:MaxRetryAfter"] = "00:00:05",
        [$"{RailwayOptions.Section}:CircuitMinimumThroughput"] = "50",
        [$"{RailwayOptions.Section}:CircuitSamplingDuration"] = "00:00:10",
        [$"{RailwayOptions.Section}:CircuitBreakDuration"] = "00:00:01",
    };

    private async Task<KillSwitchSample> RunOnceAsync(BenchmarkSilo silo, FakeRailway fake, FakeRailwayClock clock, RecordingAgentRuntime runtime, FleetMember member, int run)
    {
        var node = silo.Grains.GetGrain<ITeammateNodeGrain>(member.NodeId);
        var launchedAt = Stopwatch.GetTimestamp();
        await node.Launch(member.Owner);
        var running = await WaitAsync(() => node.Get(member.Owner), s => s.Lifecycle == NodeLifecycle.Running, $"run {run}: node to reach Running");
        var launchMs = Ms(launchedAt, Stopwatch.GetTimestamp());
        var deploymentId = running.Hosting?.DeploymentId ?? throw new InvalidOperationException($"Run {run}: a running node without a deployment id.");
        var agentId = running.Hosting?.AgentId ?? throw new InvalidOperationException($"Run {run}: a running node without an agent id.");
        runtime.Watch(agentId);

        // The senders hammer until the stop is confirmed, so refusals after Suspend returned are tested too.
        using var stop = new CancellationTokenSource();
        var firstRefusal = long.MaxValue;
        long answered = 0, refused = 0;
        var senders = Enumerable.Range(0, settings.Senders).Select(sender => Task.Run(async () =>
        {
            var sent = 0;
            var unexpected = new List<string>();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await node.SendMessage(member.Owner, new NodeMessage("web", $"sender-{sender}", "hammer", $"r{run}-s{sender}-{sent++}"));
                    Interlocked.Increment(ref answered);
                }
                catch (DeepSyncException e) when (e.Code == DeepSyncError.NodeSuspended)
                {
                    var at = Stopwatch.GetTimestamp();
                    InterlockedMin(ref firstRefusal, at);
                    Interlocked.Increment(ref refused);
                }
                catch (Exception e)
                {
                    unexpected.Add($"{e.GetType().Name}: {e.Message}");
                    await Task.Delay(1);
                }

                await Task.Yield();
            }

            return unexpected;
        })).ToArray();

        await WaitAsync(() => Task.FromResult(runtime.ArrivalsOf(agentId).Count), n => n >= settings.WarmMessages, $"run {run}: {settings.WarmMessages} messages to reach the runtime");
        var answeredBeforeSuspend = Interlocked.Read(ref answered);

        var suspendCalled = Stopwatch.GetTimestamp();
        await node.Suspend(member.Owner, SuspensionReason.OwnerRequest, "kill-switch benchmark");
        var suspendReturned = Stopwatch.GetTimestamp();

        await WaitAsync(() => Task.FromResult(silo.Ledger.FirstArrival(member.NodeId, AuditAction.ContainerStopped)), at => at is not null, $"run {run}: container_stopped");
        var stoppedAt = silo.Ledger.FirstArrival(member.NodeId, AuditAction.ContainerStopped)!.Value;
        var snapshot = await node.Get(member.Owner);

        // Keep hammering a little past the confirmation, then stop the senders.
        await Task.Delay(20);
        stop.Cancel();
        var unexpectedErrors = (await Task.WhenAll(senders)).SelectMany(e => e).ToList();

        var stopRequest = fake.ReceivedFor("deploymentStop")
            .FirstOrDefault(q => q.Variables.TryGetProperty("id", out var id) && id.GetString() == deploymentId)
            ?? throw new InvalidOperationException($"Run {run}: the fake never received deploymentStop for {deploymentId}.");
        var stopReceived = clock.ToLocalTimestamp(stopRequest.At);

        var arrivals = runtime.ArrivalsOf(agentId);
        var sample = new KillSwitchSample(
            run,
            launchMs,
            answeredBeforeSuspend,
            Interlocked.Read(ref answered),
            Interlocked.Read(ref refused),
            firstRefusal == long.MaxValue ? null : Ms(suspendCalled, firstRefusal),
            Ms(suspendCalled, suspendReturned),
            Ms(suspendCalled, stopReceived),
            Ms(suspendCalled, stoppedAt),
            arrivals.Count(at => at > suspendCalled && at <= suspendReturned),
            arrivals.Count(at => at > suspendReturned),
            snapshot.Lifecycle.ToString(),
            unexpectedErrors.Distinct().Take(3).ToList());

        if (sample.RuntimeArrivalsAfterSuspendReturned > 0)
        {
            throw new KillSwitchViolationException(
                $"Run {run}: {sample.RuntimeArrivalsAfterSuspendReturned} message(s) reached the runtime after Suspend returned (safety property violated).");
        }

        if (sample.FirstRefusalMs is null || snapshot.Lifecycle != NodeLifecycle.Stopped || unexpectedErrors.Count > 0)
        {
            throw new KillSwitchViolationException(
                $"Run {run}: refusals {sample.Refused}, lifecycle {snapshot.Lifecycle}, unexpected sender errors: {string.Join("; ", sample.UnexpectedErrors)}.");
        }

        return sample;
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StepTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Timed out after {StepTimeout.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(1);
        }
    }

    private static void InterlockedMin(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}

/// <summary>The kill switch let something through or did not finish: the benchmark fails.</summary>
public sealed class KillSwitchViolationException(string message) : Exception(message);

using DeepSync.Hosting;

namespace DeepSync.Tests.Railway;

/// <summary>Provisioning gets through throttling, server errors and hangs, and says so when it cannot.</summary>
public sealed class RailwayFaultTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["NODE_ID"] = "node-7", ["AGENT_TOKEN"] = "agent-secret-7" };

    [Fact]
    public async Task A_throttled_call_waits_as_long_as_Retry_After_asks_then_succeeds()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        fake.Inject("serviceCreate", FakeRailwayFault.TooManyRequests(TimeSpan.FromSeconds(1)), FakeRailwayFault.TooManyRequests(TimeSpan.FromSeconds(1)));

        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-throttled");

        var creates = fake.ReceivedFor("serviceCreate");
        Assert.Equal([429, 429, 200], creates.Select(r => r.Status));
        // The backoff alone would be ~50–100 ms; Railway asked for 1 s and got it, both times.
        Assert.All(creates.Zip(creates.Skip(1)), pair => Assert.True(
            pair.Second.At - pair.First.At >= TimeSpan.FromMilliseconds(950),
            $"retried after {(pair.Second.At - pair.First.At).TotalMilliseconds:0} ms, before Retry-After (1 s) had passed"));
        Assert.Equal([(serviceId, "node-throttled", RailwayTestHost.Image)], fake.Services);
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_Railway_answers()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-5xx");
        fake.Inject("variableCollectionUpsert", FakeRailwayFault.ServerError(), FakeRailwayFault.ServerError(), FakeRailwayFault.ServerError());

        await railway.Host.SetVariablesAsync(serviceId, Variables);

        Assert.Equal(Variables, fake.VariablesOf(serviceId));
        var upserts = fake.ReceivedFor("variableCollectionUpsert");
        Assert.Equal([500, 500, 500, 200], upserts.Select(r => r.Status));
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }

    [Fact]
    public async Task A_hanging_request_is_abandoned_after_the_request_timeout_and_retried()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake, s => s["RequestTimeout"] = "00:00:00.75");
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-hang");
        fake.Inject("serviceInstanceDeployV2", FakeRailwayFault.Hang(TimeSpan.FromSeconds(30)));

        var started = DateTime.UtcNow;
        var deploymentId = await railway.Host.DeployAsync(serviceId);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the hang was waited out instead of timed out");
        Assert.Equal(2, fake.ReceivedFor("serviceInstanceDeployV2").Count);
        Assert.Equal([deploymentId], fake.DeploymentsOf(serviceId));
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_finds_the_service_instead_of_making_a_second()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake, s => s["RequestTimeout"] = "00:00:00.75");
        // Railway creates the service, but the answer never arrives.
        fake.Inject("serviceCreate", FakeRailwayFault.AnswerLost(TimeSpan.FromSeconds(30)));

        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-lost-answer");

        var service = Assert.Single(fake.Services);
        Assert.Equal((serviceId, "node-lost-answer"), (service.Id, service.Name));
        Assert.Single(fake.ReceivedFor("serviceCreate"));
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }

    [Fact]
    public async Task Creating_a_service_again_returns_the_one_that_exists()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var nodeId = Guid.NewGuid();

        var first = await railway.Host.CreateServiceAsync(nodeId, "node-twice");
        var second = await railway.Host.CreateServiceAsync(nodeId, "node-twice");

        Assert.Equal(first, second);
        Assert.Single(fake.Services);
        Assert.Single(fake.ReceivedFor("serviceCreate"));
    }

    [Fact]
    public async Task An_existing_service_is_found_on_a_later_page_of_the_project()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PageSize = 2;
        for (var i = 1; i <= 4; i++)
        {
            fake.AddService($"other-{i}");
        }

        var existing = fake.AddService("node-paged");
        await using var railway = RailwayTestHost.Create(fake);

        Assert.Equal(existing, await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-paged"));
        Assert.Empty(fake.ReceivedFor("serviceCreate"));
        Assert.Equal(3, fake.ReceivedFor("project").Count);
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }

    [Fact]
    public async Task A_full_provisioning_gets_through_throttling_server_errors_and_hangs()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = TimeSpan.FromMilliseconds(50);
        await using var railway = RailwayTestHost.Create(fake, s => s["RequestTimeout"] = "00:00:00.75");
        fake.Inject("project", FakeRailwayFault.ServerError());
        fake.Inject("serviceCreate", FakeRailwayFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        fake.Inject("variableCollectionUpsert", FakeRailwayFault.Hang(TimeSpan.FromSeconds(30)));
        fake.Inject("serviceInstanceDeployV2", FakeRailwayFault.ServerError(), FakeRailwayFault.TooManyRequests(TimeSpan.FromSeconds(1)));
        fake.Inject("deployment", FakeRailwayFault.Hang(TimeSpan.FromSeconds(30)), FakeRailwayFault.ServerError());

        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-stormy");
        await railway.Host.SetVariablesAsync(serviceId, Variables);
        var deploymentId = await railway.Host.DeployAsync(serviceId);
        var seen = await railway.PollAsync(deploymentId, s => s.Phase == DeploymentPhase.Running);

        Assert.Equal(DeploymentPhase.Running, seen[^1].Phase);
        Assert.Single(fake.Services);
        Assert.Equal(Variables, fake.VariablesOf(serviceId));
        Assert.Equal([deploymentId], fake.DeploymentsOf(serviceId));
        Assert.Contains(fake.Received, r => r.Fault == FakeRailwayFaultKind.Hang);
        await GraphQLContract.AssertReceivedValidAsync(fake);
    }

    [Fact]
    public async Task When_retries_run_out_the_failure_is_reported_as_transient()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake, s => s["MaxRetries"] = "2");
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-down");
        fake.FailEverything = FakeRailwayFault.ServerError();

        var error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.DeployAsync(serviceId));

        Assert.True(error.Transient);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, fake.ReceivedFor("serviceInstanceDeployV2").Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_limit_ends_the_call_at_once_as_transient_with_the_wait()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        fake.Inject("deployment", FakeRailwayFault.TooManyRequests(TimeSpan.FromMinutes(2)));

        var error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.GetDeploymentAsync("any"));

        Assert.True(error.Transient);
        Assert.Contains("rate-limiting", error.Message, StringComparison.Ordinal);
        Assert.Contains("120 s", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Received);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_says_so_and_closes_when_Railway_recovers()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake, s =>
        {
            s["CircuitMinimumThroughput"] = "4";
            s["CircuitBreakDuration"] = "00:00:01";
            s["MaxRetries"] = "2";
        });
        fake.FailEverything = FakeRailwayFault.ServerError();

        NodeHostException? error = null;
        for (var call = 0; call < 5 && error?.Message.Contains("circuit", StringComparison.Ordinal) != true; call++)
        {
            error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.GetDeploymentAsync("d-1"));
            Assert.True(error.Transient);
        }

        Assert.Contains("circuit breaker opened after repeated failures", error!.Message, StringComparison.Ordinal);

        // While open, calls fail fast without reaching Railway.
        var reached = fake.Received.Count;
        var again = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.GetDeploymentAsync("d-1"));
        Assert.True(again.Transient);
        Assert.Contains("circuit", again.Message, StringComparison.Ordinal);
        Assert.Equal(reached, fake.Received.Count);

        // After the break, a healthy Railway is reached again.
        fake.FailEverything = null;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-after-break");
        Assert.Equal(serviceId, Assert.Single(fake.Services).Id);
    }
}

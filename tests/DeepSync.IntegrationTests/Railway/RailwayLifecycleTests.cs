using System.Text.RegularExpressions;
using DeepSync.Hosting;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Railway;

/// <summary>What a node's owner sees of its container: status, stop, sleep and wake, delete, and Railway's refusals.</summary>
public sealed partial class RailwayLifecycleTests
{
    /// <summary>Each of Railway's deployment statuses and the phase a person would call it.</summary>
    private static readonly Dictionary<string, DeploymentPhase> ExpectedPhases = new()
    {
        ["INITIALIZING"] = DeploymentPhase.Pending,
        ["QUEUED"] = DeploymentPhase.Pending,
        ["WAITING"] = DeploymentPhase.Pending,
        ["NEEDS_APPROVAL"] = DeploymentPhase.Pending,
        ["BUILDING"] = DeploymentPhase.Building,
        ["DEPLOYING"] = DeploymentPhase.Deploying,
        ["SUCCESS"] = DeploymentPhase.Running,
        ["SLEEPING"] = DeploymentPhase.Sleeping,
        ["REMOVING"] = DeploymentPhase.Stopped,
        ["REMOVED"] = DeploymentPhase.Stopped,
        ["SKIPPED"] = DeploymentPhase.Stopped,
        ["FAILED"] = DeploymentPhase.Failed,
        ["CRASHED"] = DeploymentPhase.Failed,
    };

    private static async Task<(string ServiceId, string DeploymentId)> DeployAsync(INodeHost host, string name)
    {
        var serviceId = await host.CreateServiceAsync(Guid.NewGuid(), name);
        return (serviceId, await host.DeployAsync(serviceId));
    }

    [Fact]
    public async Task A_deployment_goes_from_pending_through_building_and_deploying_to_running()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = TimeSpan.FromMilliseconds(200);
        fake.ShowEveryStatus = true;
        await using var railway = RailwayTestHost.Create(fake);
        var (_, deploymentId) = await DeployAsync(railway.Host, "node-progress");

        var seen = await railway.PollAsync(deploymentId, s => s.Phase == DeploymentPhase.Running);

        Assert.Equal(
            [DeploymentPhase.Pending, DeploymentPhase.Building, DeploymentPhase.Deploying, DeploymentPhase.Running],
            seen.Select(s => s.Phase).Distinct());
        Assert.Equal(["QUEUED", "BUILDING", "DEPLOYING", "SUCCESS"], seen.Select(s => s.PlatformStatus).Distinct());
    }

    [Fact]
    public async Task Every_status_Railway_reports_maps_onto_the_phase_a_person_would_expect()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var (_, deploymentId) = await DeployAsync(railway.Host, "node-statuses");

        var mapped = new Dictionary<string, DeploymentPhase>();
        foreach (var status in ExpectedPhases.Keys)
        {
            fake.PinStatus(deploymentId, status);
            var read = await railway.Host.GetDeploymentAsync(deploymentId);
            Assert.Equal(status, read.PlatformStatus);
            mapped[status] = read.Phase;
        }

        Assert.Equal(ExpectedPhases, mapped);
    }

    [Fact]
    public async Task The_status_table_covers_every_value_of_Railways_DeploymentStatus_enum()
    {
        var schema = await File.ReadAllTextAsync(RepoPaths.Contract("railway-schema.graphql"));
        var body = DeploymentStatusEnum().Match(schema);
        Assert.True(body.Success, "enum DeploymentStatus is missing from railway-schema.graphql");
        var values = body.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(values.Order(), ExpectedPhases.Keys.Order());
    }

    [Fact]
    public async Task A_status_Railway_adds_later_reads_as_pending_and_names_the_status()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var (_, deploymentId) = await DeployAsync(railway.Host, "node-future");
        fake.PinStatus(deploymentId, "MIGRATING");

        var status = await railway.Host.GetDeploymentAsync(deploymentId);

        Assert.Equal(DeploymentPhase.Pending, status.Phase);
        Assert.Equal("MIGRATING", status.PlatformStatus);
        Assert.Contains("MIGRATING", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_is_confirmed_when_the_deployment_has_been_removed()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = TimeSpan.FromMilliseconds(100);
        fake.ShowEveryStatus = true;
        await using var railway = RailwayTestHost.Create(fake);
        var (_, deploymentId) = await DeployAsync(railway.Host, "node-stop");
        await railway.PollAsync(deploymentId, s => s.Phase == DeploymentPhase.Running);

        await railway.Host.StopDeploymentAsync(deploymentId);
        var seen = await railway.PollAsync(deploymentId, s => s.PlatformStatus == "REMOVED");

        Assert.All(seen, s => Assert.Equal(DeploymentPhase.Stopped, s.Phase));
        Assert.Equal(["REMOVING", "REMOVED"], seen.Select(s => s.PlatformStatus).Distinct());
    }

    [Fact]
    public async Task Stopping_a_deployment_that_has_already_ended_succeeds()
    {
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = TimeSpan.FromMilliseconds(20);
        await using var railway = RailwayTestHost.Create(fake);
        var (_, deploymentId) = await DeployAsync(railway.Host, "node-stop-twice");
        await railway.Host.StopDeploymentAsync(deploymentId);
        await railway.PollAsync(deploymentId, s => s.PlatformStatus == "REMOVED");

        // Railway refuses to stop it again; the kill switch must still see "stopped", not an error forever.
        await railway.Host.StopDeploymentAsync(deploymentId);

        Assert.Equal(2, fake.ReceivedFor("deploymentStop").Count);
        Assert.Contains(railway.Logs.Entries, e => e.Contains($"Railway deployment {deploymentId} was already REMOVED; nothing to stop", StringComparison.Ordinal));
        Assert.Equal(DeploymentPhase.Stopped, (await railway.Host.GetDeploymentAsync(deploymentId)).Phase);
    }

    [Fact]
    public async Task A_refused_stop_of_a_deployment_that_has_not_ended_is_reported_with_Railways_message()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var (_, deploymentId) = await DeployAsync(railway.Host, "node-crashed");
        fake.PinStatus(deploymentId, "CRASHED");

        var error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.StopDeploymentAsync(deploymentId));

        Assert.False(error.Transient);
        Assert.Contains("Deployment is not running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sleep_and_wake_set_the_service_to_zero_and_then_one_replica()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-sleepy");

        await railway.Host.SetReplicasAsync(serviceId, 0);
        await railway.Host.SetReplicasAsync(serviceId, 1);

        Assert.Equal([0, 1], fake.ReplicaHistoryOf(serviceId));
        Assert.All(fake.ReceivedFor("serviceInstanceUpdate"), r => Assert.Equal(FakeRailway.EnvironmentId, r.Variables.GetProperty("environmentId").GetString()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => railway.Host.SetReplicasAsync(serviceId, -1));
    }

    [Fact]
    public async Task Variables_are_set_without_Railway_starting_a_deployment_of_its_own()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-vars");
        var variables = new Dictionary<string, string> { ["NODE_ID"] = "n-1", ["LETTA_BASE_URL"] = "http://letta.internal:8283" };

        await railway.Host.SetVariablesAsync(serviceId, variables);

        Assert.Equal(variables, fake.VariablesOf(serviceId));
        Assert.Empty(fake.DeploymentsOf(serviceId));
    }

    [Fact]
    public async Task Deleting_removes_the_service_and_its_deployment_and_a_second_delete_is_harmless()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var (serviceId, deploymentId) = await DeployAsync(railway.Host, "node-delete");

        await railway.Host.DeleteServiceAsync(serviceId);
        await railway.Host.DeleteServiceAsync(serviceId);

        Assert.Empty(fake.Services);
        Assert.Equal(DeploymentPhase.Stopped, (await railway.Host.GetDeploymentAsync(deploymentId)).Phase);
        Assert.Equal(2, fake.ReceivedFor("serviceDelete").Count);
    }

    [Fact]
    public async Task A_GraphQL_error_surfaces_with_Railways_message_and_is_not_retried()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake);
        var serviceId = await railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-over-limit");
        fake.Inject("serviceInstanceDeployV2", FakeRailwayFault.GraphQLError("You have reached the resource limit of your plan"));

        var error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.DeployAsync(serviceId));

        Assert.False(error.Transient);
        Assert.Contains("You have reached the resource limit of your plan", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.ReceivedFor("serviceInstanceDeployV2"));
    }

    [Fact]
    public async Task A_GraphQL_error_on_create_surfaces_and_creates_nothing()
    {
        await using var fake = await FakeRailway.StartAsync();
        await using var railway = RailwayTestHost.Create(fake, s => s["ProjectId"] = "9d7b1f0e-0000-4000-8000-000000000000");

        var error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.CreateServiceAsync(Guid.NewGuid(), "node-wrong-project"));

        Assert.False(error.Transient);
        Assert.Contains("Project not found", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Services);
    }

    [Fact]
    public async Task A_rejected_token_is_reported_by_its_setting_without_revealing_it()
    {
        await using var fake = await FakeRailway.StartAsync();
        const string wrongToken = "rw-wrong-4d1f8a2c9b";
        await using var railway = RailwayTestHost.Create(fake, s => s["Token"] = wrongToken);

        var error = await Assert.ThrowsAsync<NodeHostException>(() => railway.Host.GetDeploymentAsync("d-1"));

        Assert.False(error.Transient);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeepSync__Railway__Token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(railway.Logs.Entries, e => e.Contains(wrongToken, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"enum DeploymentStatus \{([^}]*)\}")]
    private static partial Regex DeploymentStatusEnum();
}

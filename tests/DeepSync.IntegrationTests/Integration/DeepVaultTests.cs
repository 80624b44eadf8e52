using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Governance;
using DeepSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeepSync.Tests.Integration;

/// <summary>DeepVault on the offline runtime (the default) with provenance and audit in PostgreSQL.</summary>
public sealed class DeepVaultTests : IAsyncLifetime
{
    private IHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SiloHosts.StartAsync(await TestPostgres.NewDatabaseAsync(), $"vault-{Guid.NewGuid():N}");

    public async Task DisposeAsync() => await _host.ShutdownAsync();

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    private async Task<(Guid UserId, Actor Owner, ITeammateNodeGrain Node)> RunningAlphaAsync()
    {
        var userId = Guid.NewGuid();
        var owner = Actor.ForUser(userId, "Dana");
        var nodeId = (await Grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), $"dana-{userId:N}@example.test")).NodeIds[0];
        var node = Grains.GetGrain<ITeammateNodeGrain>(nodeId);
        await node.Launch(owner);
        await Eventually.Until(() => node.Get(owner), n => n.Lifecycle == NodeLifecycle.Running);
        return (userId, owner, node);
    }

    [Fact]
    public async Task Core_memory_edits_need_the_version_they_started_from()
    {
        var (userId, owner, node) = await RunningAlphaAsync();

        var blocks = await node.GetCoreMemory(owner);
        var persona = Assert.Single(blocks, b => b.Label == "persona");
        Assert.Contains("Alpha-1", persona.Value);
        Assert.Contains(blocks, b => b.Label == "human");

        var edited = await node.UpdateCoreMemory(owner, "persona", "I am Alpha-1 and I keep answers short.", persona.Version);
        Assert.Equal("I am Alpha-1 and I keep answers short.", edited.Value);
        Assert.NotEqual(persona.Version, edited.Version);

        var stale = await Assert.ThrowsAsync<DeepSyncException>(() => node.UpdateCoreMemory(owner, "persona", "overwrite", persona.Version));
        Assert.Equal(DeepSyncError.Conflict, stale.Code);
        Assert.Contains("changed since you opened it", stale.Message);
        Assert.Equal(edited.Value, (await node.GetCoreMemory(owner)).Single(b => b.Label == "persona").Value);

        var audit = await _host.Services.GetRequiredService<AuditLedgerQuery>().ReadAsync(new AuditFilter(UserId: userId, Action: AuditAction.MemoryBlockEdited), 10);
        Assert.Equal("persona", Assert.Single(audit).Details["label"]);
    }

    [Fact]
    public async Task Archival_passages_carry_their_provenance_and_can_be_searched_and_deleted()
    {
        var (_, owner, node) = await RunningAlphaAsync();

        var added = await node.AddArchival(owner, "The quarterly review is on the 3rd of March.", "web", "msg-17");
        await node.AddArchival(owner, "Dana prefers tea.", "telegram", null);

        var found = await node.SearchArchival(owner, "quarterly", 10);
        var passage = Assert.Single(found);
        Assert.Equal(added.Id, passage.Id);
        Assert.Equal(("web", "msg-17", "Dana"), (passage.Provenance?.Channel, passage.Provenance?.MessageKey, passage.Provenance?.Author));
        Assert.True(passage.Provenance!.At > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(2, (await node.SearchArchival(owner, null, 10)).Count);

        await node.DeleteArchival(owner, added.Id);
        Assert.Empty(await node.SearchArchival(owner, "quarterly", 10));
    }

    [Fact]
    public async Task Strangers_see_nothing_and_unlaunched_nodes_say_so()
    {
        var (_, _, node) = await RunningAlphaAsync();
        var stranger = Actor.ForUser(Guid.NewGuid(), "Eve");
        Assert.Equal(DeepSyncError.NodeNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => node.GetCoreMemory(stranger))).Code);
        Assert.Equal(DeepSyncError.NodeNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => node.SearchArchival(stranger, null, 5))).Code);

        var userId = Guid.NewGuid();
        var owner = Actor.ForUser(userId, "New");
        var fresh = Grains.GetGrain<ITeammateNodeGrain>((await Grains.GetGrain<ISubscriptionGrain>(userId).Provision(Actor.ForSystem("sign-up"), $"new-{userId:N}@example.test")).NodeIds[0]);
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => fresh.GetCoreMemory(owner));
        Assert.Equal(DeepSyncError.NodeNotRunning, ex.Code);
    }
}

using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class TierCatalogGrainTests(GrainClusterFixture fixture)
{
    private ITierCatalogGrain Catalog => fixture.Grains.GetGrain<ITierCatalogGrain>(ITierCatalogGrain.Key);

    private static string NewId() => $"t_{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task The_catalog_is_seeded_with_scout_command_and_enterprise_where_null_means_unlimited()
    {
        var tiers = (await Catalog.List(includeArchived: true)).ToDictionary(t => t.Id);

        var scout = tiers[WellKnownTiers.ScoutFree];
        Assert.Equal(("Scout", 0, 1, 1_000), (scout.DisplayName, scout.MonthlyPriceCents, scout.NodeLimit, scout.VoiceMinutesPerPeriod));
        var command = tiers[WellKnownTiers.CommandPro];
        Assert.Equal(("Command", 2_900, 5), (command.DisplayName, command.MonthlyPriceCents, command.NodeLimit));
        Assert.Null(command.VoiceMinutesPerPeriod);
        var enterprise = tiers[WellKnownTiers.EnterpriseGov];
        Assert.Null(enterprise.MonthlyPriceCents);
        Assert.Equal(25, enterprise.NodeLimit);
        Assert.Null(enterprise.VoiceMinutesPerPeriod);
        Assert.Contains("enterprise_skills", enterprise.Features);
        Assert.DoesNotContain("enterprise_skills", command.Features);
    }

    [Fact]
    public async Task Operators_create_edit_archive_and_reactivate_tiers_and_each_change_is_audited()
    {
        var id = NewId();
        var created = await Catalog.Create(Users.Operator, new TierDefinition(id, " Squad ", 1_500, 3, 2_000, ["web_chat", "web_chat", "voice"], " price_123 "));
        Assert.Equal("Squad", created.DisplayName);
        Assert.Equal(["web_chat", "voice"], created.Features);
        Assert.Equal("price_123", created.StripePriceId);

        var edited = await Catalog.Update(Users.Operator, created with { NodeLimit = null, DisplayName = "Squad+" });
        Assert.Null(edited.NodeLimit);

        Assert.True((await Catalog.Archive(Users.Operator, id)).Archived);
        Assert.DoesNotContain(await Catalog.List(includeArchived: false), t => t.Id == id);
        Assert.Contains(await Catalog.List(includeArchived: true), t => t.Id == id);
        Assert.False((await Catalog.Reactivate(Users.Operator, id)).Archived);

        var actions = fixture.Ledger.Entries.Where(e => e.Details.TryGetValue("tier", out var t) && t == id).Select(e => e.Action).ToList();
        Assert.Equal([AuditAction.TierCreated, AuditAction.TierUpdated, AuditAction.TierArchived, AuditAction.TierReactivated], actions);
    }

    [Fact]
    public async Task Users_cannot_edit_tiers()
    {
        var (_, user, _) = await Users.NewAsync(fixture.Grains);
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => Catalog.Create(user, new TierDefinition(NewId(), "Mine", 0, 100, null, [], null)));
        Assert.Equal(DeepSyncError.Forbidden, ex.Code);
    }

    [Theory]
    [InlineData("Bad Id", "Name", 0, 1, 1, "Tier id must be")]
    [InlineData("ok_id", "", 0, 1, 1, "Display name is required")]
    [InlineData("ok_id", "Name", -1, 1, 1, "Monthly price cannot be negative.")]
    [InlineData("ok_id", "Name", 0, 0, 1, "Node limit must be between 1 and 10000")]
    [InlineData("ok_id", "Name", 0, 1, -5, "Voice minutes must be between 0")]
    public async Task Invalid_tiers_are_refused_with_a_clear_message(string id, string name, int price, int nodes, int voice, string message)
    {
        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => Catalog.Create(Users.Operator, new TierDefinition(id, name, price, nodes, voice, [], null)));
        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public async Task Unknown_tiers_and_duplicate_ids_are_refused()
    {
        Assert.Equal(DeepSyncError.TierNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => Catalog.Get("nope_nope"))).Code);
        Assert.Equal(DeepSyncError.Conflict, (await Assert.ThrowsAsync<DeepSyncException>(() =>
            Catalog.Create(Users.Operator, new TierDefinition(WellKnownTiers.CommandPro, "Again", 0, 1, 1, [], null)))).Code);
    }

    [Fact]
    public async Task A_tier_in_use_cannot_be_deleted_but_an_unused_one_can()
    {
        var used = NewId();
        await Catalog.Create(Users.Operator, new TierDefinition(used, "Used", 100, 2, 10, [], null));
        var (userId, _, _) = await Users.NewAsync(fixture.Grains, used);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => Catalog.Delete(Users.Operator, used));
        Assert.Equal(DeepSyncError.TierInUse, ex.Code);
        Assert.Contains("archive it instead", ex.Message);
        Assert.Equal(DeepSyncError.TierInUse, (await Assert.ThrowsAsync<DeepSyncException>(() => Catalog.Delete(Users.Operator, WellKnownTiers.ScoutFree))).Code);

        var unused = NewId();
        await Catalog.Create(Users.Operator, new TierDefinition(unused, "Unused", 100, 2, 10, [], null));
        await Catalog.Delete(Users.Operator, unused);
        Assert.Equal(DeepSyncError.TierNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => Catalog.Get(unused))).Code);
        Assert.NotEqual(Guid.Empty, userId);
    }
}

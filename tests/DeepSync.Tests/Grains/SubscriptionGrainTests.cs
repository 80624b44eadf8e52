using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class SubscriptionGrainTests(GrainClusterFixture fixture)
{
    private static readonly NodeProfile Bravo = new("Bravo-2", "BRAVO-2", "Research", "Berlin");

    [Fact]
    public async Task New_user_gets_scout_free_and_a_launchable_Alpha_1_that_counts_toward_the_limit()
    {
        var (userId, actor, subscription) = await Users.NewAsync(fixture.Grains);

        Assert.Equal(WellKnownTiers.ScoutFree, subscription.Tier.Id);
        Assert.Equal(1, subscription.Tier.NodeLimit);
        var nodeId = Assert.Single(subscription.NodeIds);
        var node = fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId);
        var alpha = await node.Get(actor);
        Assert.Equal("Alpha-1", alpha.Profile.Name);
        Assert.Equal(userId, alpha.OwnerId);
        Assert.Equal(NodeLifecycle.Created, alpha.Lifecycle);

        await node.Launch(actor);
        var running = await Eventually.Until(() => node.Get(actor), n => n.Lifecycle == NodeLifecycle.Running);
        Assert.Equal("agent_ready", running.Hosting?.Step);
        Assert.Contains(fixture.Host.Calls, c => c.Operation == "deploy" && c.Argument == running.Hosting?.ServiceId);

        var refused = await Assert.ThrowsAsync<DeepSyncException>(() =>
            fixture.Grains.GetGrain<ISubscriptionGrain>(userId).CreateNode(actor, Bravo, "second"));
        Assert.Equal(DeepSyncError.NodeLimitReached, refused.Code);
        Assert.Contains("Scout plan allows 1 node", refused.Message);
    }

    [Fact]
    public async Task Provision_twice_returns_the_same_subscription_and_one_node()
    {
        var userId = Guid.NewGuid();
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        var first = await grain.Provision(Actor.ForSystem("sign-up"), "twice@example.test");
        var second = await grain.Provision(Actor.ForSystem("sign-up"), "twice@example.test");
        Assert.Equal(first.NodeIds, second.NodeIds);
        Assert.Single(second.NodeIds);
    }

    [Fact]
    public async Task Only_the_accounts_own_user_or_the_platform_can_set_up_a_subscription()
    {
        var userId = Guid.NewGuid();
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        foreach (var stranger in new[] { Actor.ForUser(Guid.NewGuid(), "mallory"), Users.Operator, Actor.ForPolicy("three_strikes") })
        {
            var refused = await Assert.ThrowsAsync<DeepSyncException>(() => grain.Provision(stranger, "victim@example.test"));
            Assert.Equal(DeepSyncError.Forbidden, refused.Code);
        }

        var notThere = await Assert.ThrowsAsync<DeepSyncException>(() => grain.Get(Users.Operator));
        Assert.Equal(DeepSyncError.SubscriptionNotFound, notThere.Code);

        var own = await grain.Provision(Actor.ForUser(userId, "dana"), "dana@example.test");
        Assert.Single(own.NodeIds);
    }

    [Fact]
    public async Task Refused_create_at_the_limit_writes_nothing()
    {
        var (userId, actor, _) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        var auditBefore = fixture.Ledger.Entries.Count(e => e.UserId == userId);

        var refused = await Assert.ThrowsAsync<DeepSyncException>(() => grain.CreateNode(actor, Bravo, "over"));

        Assert.Equal(DeepSyncError.NodeLimitReached, refused.Code);
        Assert.Single((await grain.Get(actor)).NodeIds);
        Assert.Equal(auditBefore, fixture.Ledger.Entries.Count(e => e.UserId == userId));
    }

    [Fact]
    public async Task Concurrent_creates_at_the_limit_let_exactly_the_free_slots_through()
    {
        // Command allows 5 nodes; Alpha-1 takes one, so 4 of 12 simultaneous creates may succeed.
        var (userId, actor, _) = await Users.NewAsync(fixture.Grains, WellKnownTiers.CommandPro);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        var attempts = Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await grain.CreateNode(actor, Bravo with { Name = $"Node {i}", Callsign = $"N{i}" }, $"race-{i}");
                return true;
            }
            catch (DeepSyncException ex) when (ex.Code == DeepSyncError.NodeLimitReached)
            {
                return false;
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(4, results.Count(ok => ok));
        Assert.Equal(5, (await grain.Get(actor)).NodeIds.Count);
    }

    [Fact]
    public async Task Two_concurrent_creates_on_scout_with_a_free_slot_yield_exactly_one_node()
    {
        var (userId, actor, subscription) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        await grain.DeleteNode(actor, subscription.NodeIds[0]);

        var a = grain.CreateNode(actor, Bravo, "a");
        var b = grain.CreateNode(actor, Bravo with { Name = "Charlie-3" }, "b");
        var outcomes = await Task.WhenAll(Outcome(a), Outcome(b));

        Assert.Equal(1, outcomes.Count(o => o is null));
        Assert.Equal(DeepSyncError.NodeLimitReached, Assert.Single(outcomes, o => o is not null));
        Assert.Single((await grain.Get(actor)).NodeIds);

        static async Task<DeepSyncError?> Outcome(Task<NodeSnapshot> create)
        {
            try
            {
                await create;
                return null;
            }
            catch (DeepSyncException ex)
            {
                return ex.Code;
            }
        }
    }

    [Fact]
    public async Task A_repeated_request_id_returns_the_first_node_and_creates_nothing_more()
    {
        var (userId, actor, _) = await Users.NewAsync(fixture.Grains, WellKnownTiers.CommandPro);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        var first = await grain.CreateNode(actor, Bravo, "same-request");
        var again = await grain.CreateNode(actor, Bravo, "same-request");

        Assert.Equal(first.NodeId, again.NodeId);
        Assert.Equal(2, (await grain.Get(actor)).NodeIds.Count);
    }

    [Theory]
    [InlineData("", "OK", "Name is required.")]
    [InlineData("   ", "OK", "Name is required.")]
    [InlineData("12345678901234567890123456789012345678901", "OK", "Name must be at most 40 characters (got 41).")]
    [InlineData("Fine", "", "Callsign is required.")]
    [InlineData("Fine", "has space", "Callsign may contain only letters, digits, '-' and '_'.")]
    [InlineData("Fine", "1234567890123456789012345", "Callsign must be at most 24 characters (got 25).")]
    [InlineData("Bad\u0007bell", "OK", "Name must not contain control characters (U+0007 at position 4).")]
    [InlineData("Nul\u0000", "OK", "Name must not contain control characters (U+0000 at position 4).")]
    [InlineData("evil\u202Etxt.exe", "OK", "Name must not contain control characters (U+202E at position 5).")]
    [InlineData("two\nlines", "OK", "Name must not contain control characters (U+000A at position 4).")]
    public async Task Invalid_profiles_are_refused_with_the_field_named_and_nothing_written(string name, string callsign, string message)
    {
        var (userId, actor, _) = await Users.NewAsync(fixture.Grains, WellKnownTiers.CommandPro);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => grain.CreateNode(actor, new NodeProfile(name, callsign, "", ""), "bad"));

        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
        Assert.Equal(message, ex.Message);
        Assert.Single((await grain.Get(actor)).NodeIds);
    }

    [Fact]
    public async Task Another_user_cannot_see_or_use_a_subscription()
    {
        var (userId, _, _) = await Users.NewAsync(fixture.Grains);
        var (_, stranger, _) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        var read = await Assert.ThrowsAsync<DeepSyncException>(() => grain.Get(stranger));
        var create = await Assert.ThrowsAsync<DeepSyncException>(() => grain.CreateNode(stranger, Bravo, "x"));

        Assert.Equal(DeepSyncError.SubscriptionNotFound, read.Code);
        Assert.Equal(DeepSyncError.SubscriptionNotFound, create.Code);
    }

    [Fact]
    public async Task Downgrade_below_usage_suspends_the_newest_nodes_and_the_owner_cannot_lift_it()
    {
        var (userId, actor, subscription) = await Users.NewAsync(fixture.Grains, WellKnownTiers.CommandPro);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        var b = await grain.CreateNode(actor, Bravo, "b");
        var c = await grain.CreateNode(actor, Bravo with { Name = "Charlie-3", Callsign = "CHARLIE-3" }, "c");

        var downgraded = await grain.ChangeTier(Users.Operator, WellKnownTiers.ScoutFree);

        Assert.Equal(3, downgraded.NodeIds.Count);
        var alpha = await fixture.Grains.GetGrain<ITeammateNodeGrain>(subscription.NodeIds[0]).Get(actor);
        Assert.False(alpha.IsSuspended);
        foreach (var id in new[] { b.NodeId, c.NodeId })
        {
            var node = fixture.Grains.GetGrain<ITeammateNodeGrain>(id);
            Assert.Equal(SuspensionReason.OverPlanLimit, (await node.Get(actor)).Suspension?.Reason);
            var ex = await Assert.ThrowsAsync<DeepSyncException>(() => node.Resume(actor));
            Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        }

        Assert.Contains(fixture.Ledger.Entries, e => e.UserId == userId && e.Action == AuditAction.TierChanged && e.Details["to"] == WellKnownTiers.ScoutFree);
        Assert.Equal(WellKnownTiers.ScoutFree, fixture.Directory.Find(b.NodeId)?.TierId);
    }

    [Fact]
    public async Task Only_operators_change_tiers_and_unknown_or_archived_tiers_are_refused()
    {
        var (userId, actor, _) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.ChangeTier(actor, WellKnownTiers.CommandPro))).Code);
        Assert.Equal(DeepSyncError.TierNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.ChangeTier(Users.Operator, "no_such_tier"))).Code);

        var catalog = fixture.Grains.GetGrain<ITierCatalogGrain>(ITierCatalogGrain.Key);
        var tierId = $"legacy_{Guid.NewGuid():N}"[..20];
        await catalog.Create(Users.Operator, new TierDefinition(tierId, "Legacy", 500, 2, 10, [], null));
        await catalog.Archive(Users.Operator, tierId);
        Assert.Equal(DeepSyncError.TierArchived, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.ChangeTier(Users.Operator, tierId))).Code);
        Assert.Equal(WellKnownTiers.ScoutFree, (await grain.Get(actor)).Tier.Id);
    }

    [Fact]
    public async Task Voice_pool_tracks_usage_per_node_and_operator_grants()
    {
        var (userId, actor, subscription) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);
        var nodeId = subscription.NodeIds[0];

        await fixture.Grains.GetGrain<ISubscriptionPlatformGrain>(userId).RecordVoiceUsage(Users.Platform, nodeId, 90);
        var pool = await fixture.Grains.GetGrain<ISubscriptionPlatformGrain>(userId).RecordVoiceUsage(Users.Platform, nodeId, 30);
        Assert.Equal(120, pool.UsedSeconds);
        Assert.Equal(120, pool.UsedSecondsByNode[nodeId]);
        Assert.Equal((1_000 * 60) - 120, pool.RemainingSeconds);

        Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.GrantVoiceMinutes(actor, 10, "please"))).Code);
        Assert.Equal(DeepSyncError.ValidationFailed, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.GrantVoiceMinutes(Users.Operator, 0, "nothing"))).Code);
        pool = await grain.GrantVoiceMinutes(Users.Operator, 10, "conference");
        Assert.Equal((1_010 * 60) - 120, pool.RemainingSeconds);
        Assert.Contains(fixture.Ledger.Entries, e => e.UserId == userId && e.Action == AuditAction.VoiceMinutesGranted && e.Initiator == Users.Operator);
    }

    [Fact]
    public async Task Unlimited_voice_has_no_remaining_cap()
    {
        var (userId, _, subscription) = await Users.NewAsync(fixture.Grains, WellKnownTiers.CommandPro);
        var pool = await fixture.Grains.GetGrain<ISubscriptionPlatformGrain>(userId).RecordVoiceUsage(Users.Platform, subscription.NodeIds[0], 10_000_000);
        Assert.Null(pool.AllowanceMinutes);
        Assert.Null(pool.RemainingSeconds);
    }

    [Fact]
    public async Task An_owner_asks_for_a_bigger_plan_and_the_request_is_in_the_ledger()
    {
        var (userId, actor, _) = await Users.NewAsync(fixture.Grains);
        var grain = fixture.Grains.GetGrain<ISubscriptionGrain>(userId);

        await grain.RequestUpgrade(actor, WellKnownTiers.CommandPro);

        var request = Assert.Single(fixture.Ledger.Entries, e => e.UserId == userId && e.Action == AuditAction.UpgradeRequested);
        Assert.Equal(actor, request.Initiator);
        Assert.Equal(WellKnownTiers.ScoutFree, request.Details["from"]);
        Assert.Equal(WellKnownTiers.CommandPro, request.Details["to"]);

        // The plan itself is the operators' to change.
        Assert.Equal(WellKnownTiers.ScoutFree, (await grain.Get(actor)).Tier.Id);
        Assert.Equal(DeepSyncError.ValidationFailed, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.RequestUpgrade(actor, WellKnownTiers.ScoutFree))).Code);
        Assert.Equal(DeepSyncError.TierNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.RequestUpgrade(actor, "no_such_tier"))).Code);
        Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.RequestUpgrade(Users.Operator, WellKnownTiers.CommandPro))).Code);
        var (_, stranger, _) = await Users.NewAsync(fixture.Grains);
        Assert.Equal(DeepSyncError.SubscriptionNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => grain.RequestUpgrade(stranger, WellKnownTiers.CommandPro))).Code);
    }
}

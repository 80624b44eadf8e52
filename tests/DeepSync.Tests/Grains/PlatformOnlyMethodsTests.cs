using DeepSync.Billing;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Grains;

/// <summary>What only the platform calls refuses users and operators, and the web never holds those interfaces.</summary>
[Collection(GrainClusterCollection.Name)]
public sealed class PlatformOnlyMethodsTests(GrainClusterFixture fixture)
{
    public static TheoryData<string> NotThePlatform => ["user", "operator", "policy"];

    private static Actor Caller(string kind, Guid userId) => kind switch
    {
        "user" => Actor.ForUser(userId, "user"),
        "operator" => Users.Operator,
        _ => StrikePolicy.Initiator,
    };

    [Theory]
    [MemberData(nameof(NotThePlatform))]
    public async Task Only_the_platform_creates_a_node(string kind)
    {
        var (userId, owner, _) = await Users.NewAsync(fixture.Grains);
        var nodeId = Guid.NewGuid();
        var init = new NodeInitialization(userId, "someone@example.test", WellKnownTiers.Default, new NodeProfile("Forged", "FORGED", "", ""), owner);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ITeammateNodePlatformGrain>(nodeId).Initialize(Caller(kind, userId), init));

        Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        Assert.Equal(DeepSyncError.NodeNotFound, (await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ITeammateNodeGrain>(nodeId).Get(owner))).Code);
    }

    [Theory]
    [MemberData(nameof(NotThePlatform))]
    public async Task Only_the_platform_sets_a_nodes_tier(string kind)
    {
        var (userId, _, subscription) = await Users.NewAsync(fixture.Grains);
        var nodeId = subscription.NodeIds[0];

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ITeammateNodePlatformGrain>(nodeId).SetTier(Caller(kind, userId), WellKnownTiers.EnterpriseGov));

        Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        Assert.Equal(WellKnownTiers.Default, fixture.Directory.Find(nodeId)?.TierId);
    }

    [Theory]
    [MemberData(nameof(NotThePlatform))]
    public async Task Only_the_platform_records_voice_usage(string kind)
    {
        var (userId, owner, subscription) = await Users.NewAsync(fixture.Grains);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ISubscriptionPlatformGrain>(userId).RecordVoiceUsage(Caller(kind, userId), subscription.NodeIds[0], 60));

        Assert.Equal(DeepSyncError.Forbidden, ex.Code);
        Assert.Equal(0, (await fixture.Grains.GetGrain<ISubscriptionGrain>(userId).Get(owner)).Voice.UsedSeconds);
    }

    [Fact]
    public async Task Voice_usage_is_recorded_only_for_the_subscriptions_own_nodes()
    {
        var (userId, _, _) = await Users.NewAsync(fixture.Grains);
        var (_, _, other) = await Users.NewAsync(fixture.Grains);

        var ex = await Assert.ThrowsAsync<DeepSyncException>(() => fixture.Grains.GetGrain<ISubscriptionPlatformGrain>(userId).RecordVoiceUsage(Users.Platform, other.NodeIds[0], 60));

        Assert.Equal(DeepSyncError.NodeNotFound, ex.Code);
    }

    [Fact]
    public void The_web_never_holds_a_platform_only_interface()
    {
        var web = Path.Combine(RepoPaths.Root, "src", "Web");
        var offenders = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains(nameof(ITeammateNodePlatformGrain), StringComparison.Ordinal) || text.Contains(nameof(ISubscriptionPlatformGrain), StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .ToList();

        Assert.Empty(offenders);
    }
}

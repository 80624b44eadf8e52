using DeepSync.Errors;
using DeepSync.Governance;
using DeepSync.Web.Application.Cluster;
using DeepSync.Web.Application.Ledger;
using DeepSync.Web.Application.Overwatch;
using DeepSync.Web.Application.Plan;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Dashboard;

/// <summary>
/// The application layer's read models, asked by the wrong person on the real host: operators' questions
/// refuse users, and one node's ledger answers only whoever may see that node.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ApplicationAccessTests(DashboardApp app)
{
    private static readonly Actor Operator = Actor.ForOperator(DashboardApp.OperatorEmail, DashboardApp.OperatorEmail);

    private T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    [Fact]
    public async Task A_nodes_ledger_answers_its_owner_and_operators_and_to_anyone_else_it_is_not_found()
    {
        var (ownerId, owner) = await app.CreateConfirmedUserAsync($"ledger-owner-{Guid.NewGuid():N}"[..24] + "@example.test");
        var (strangerId, _) = await app.CreateConfirmedUserAsync($"ledger-other-{Guid.NewGuid():N}"[..24] + "@example.test");
        var nodeId = owner.NodeIds[0];
        var ledger = Service<LedgerQueries>();

        var lines = await ledger.ForNodeAsync(Actor.ForUser(ownerId, "owner"), nodeId, 50);
        Assert.Contains(lines, l => l.Action == AuditAction.NodeCreated);
        Assert.NotEmpty(await ledger.ForNodeAsync(Operator, nodeId, 50));

        var refused = await Assert.ThrowsAsync<DeepSyncException>(() => ledger.ForNodeAsync(Actor.ForUser(strangerId, "stranger"), nodeId, 50));
        Assert.Equal(DeepSyncError.NodeNotFound, refused.Code);
    }

    [Fact]
    public async Task Operator_read_models_refuse_users()
    {
        var (userId, _) = await app.CreateConfirmedUserAsync($"curious-{Guid.NewGuid():N}"[..20] + "@example.test");
        var user = Actor.ForUser(userId, "curious");

        async Task RefusedAsync(Func<Task> ask) => Assert.Equal(DeepSyncError.Forbidden, (await Assert.ThrowsAsync<DeepSyncException>(ask)).Code);
        await RefusedAsync(() => Service<LedgerQueries>().SearchAsync(user, new LedgerFilter(), 10));
        await RefusedAsync(() => Service<UpgradeRequests>().OpenAsync(user));
        await RefusedAsync(() => Service<ClusterStatus>().ReadAsync(user));
        await RefusedAsync(() => Service<NodeDirectory>().PageAsync(user, new DirectoryFilter(), DirectorySort.CreatedAt, true, 0, 10));
        await RefusedAsync(() => Service<OperatorCommands>().SubscriptionAsync(user, userId));

        Assert.NotEmpty((await Service<ClusterStatus>().ReadAsync(Operator)).Live);
        Assert.NotEmpty(await Service<LedgerQueries>().SearchAsync(Operator, new LedgerFilter(UserId: userId), 10));
    }

    [Fact]
    public async Task A_plan_counts_only_the_callers_own_teammates()
    {
        var (userId, subscription) = await app.CreateConfirmedUserAsync($"planner-{Guid.NewGuid():N}"[..20] + "@example.test");
        var plan = await Service<PlanService>().LoadAsync(Actor.ForUser(userId, "planner"));
        Assert.Equal(subscription.NodeIds, plan.Subscription.NodeIds);
        Assert.Equal(["Alpha-1"], plan.Nodes.Select(n => n.Profile.Name));

        var refused = await Assert.ThrowsAsync<DeepSyncException>(() => Service<PlanService>().LoadAsync(Operator));
        Assert.Equal(DeepSyncError.Forbidden, refused.Code);
    }
}

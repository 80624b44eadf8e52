using System.Net;
using DeepSync.Governance;
using DeepSync.Tests.Dashboard;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Hardening;

/// <summary>Operators see, on Overwatch, that ledger entries were set aside as dead letters.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LedgerDeadLetterPageTests(DashboardApp app)
{
    [Fact]
    public async Task Overwatch_flags_ledger_entries_set_aside_as_dead_letters()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeepSyncUser>>();
            if (await users.FindByEmailAsync(DashboardApp.OperatorEmail) is null)
            {
                await app.CreateConfirmedUserAsync(DashboardApp.OperatorEmail);
            }
        }

        var nodeId = Guid.NewGuid();
        var poison = AuditEntries.Create(DateTimeOffset.UtcNow, AuditAction.NodeSuspended, Actor.ForOperator("op", "Op"), nodeId, Guid.NewGuid(), ("reason", "kill\u0000switch"));
        await app.Services.GetRequiredService<IAuditLedger>().AppendAsync([poison]);

        using var ops = await SignedInClient.SignInAsync(app.BaseUrl, DashboardApp.OperatorEmail, DashboardApp.Password);
        var page = await ops.GetAsync("ops");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"ledger-dead-letters\"", html);
        Assert.Contains("could not be stored as written", html);
        Assert.Contains($"node_suspended · node {nodeId} · detail 'reason' contains U+0000 at position 5.", html);
    }
}

using DeepSync.Governance;
using DeepSync.Billing;
using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Dashboard;

/// <summary>
/// The real web host (Program, co-hosted silo, Identity) on a real Kestrel loopback port over its own
/// PostgreSQL database, with one configured operator address. Browsers and HTTP clients reach it
/// through <see cref="LoopbackWebApp.BaseUrl"/>.
/// </summary>
public sealed class DashboardApp : LoopbackWebApp
{
    public const string OperatorEmail = "ops@deepsync.test";
    public const string Password = "Correct-Horse-9-Battery";

    protected override string Environment => "Development";

    protected override void Configure(IWebHostBuilder web) => web.UseSetting("DeepSync:Operators:Emails:0", OperatorEmail);

    /// <summary>
    /// A confirmed, provisioned account made on the server side, for tests whose subject is not sign-up
    /// itself (the browser journey registers through the pages instead).
    /// </summary>
    public async Task<(Guid UserId, SubscriptionSnapshot Subscription)> CreateConfirmedUserAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeepSyncUser>>();
        var user = new DeepSyncUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        var subscription = await Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriptionGrain>(user.Id).Provision(Actor.ForSystem("sign-up"), email);
        return (user.Id, subscription);
    }
}

/// <summary>One dashboard host shared by the browser journeys and the isolation test.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardApp>
{
    public const string Name = "dashboard";
}

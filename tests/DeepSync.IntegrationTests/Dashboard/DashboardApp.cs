using DeepSync.Governance;
using DeepSync.Billing;
using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DeepSync.Tests.Dashboard;

/// <summary>
/// The real web host (Program, co-hosted silo, Identity) on a real Kestrel loopback port over its own
/// PostgreSQL database, with one configured operator address. Browsers and HTTP clients reach it
/// through <see cref="BaseUrl"/>.
/// </summary>
public sealed class DashboardApp : IAsyncLifetime
{
    public const string OperatorEmail = "ops@deepsync.test";
    public const string Password = "Correct-Horse-9-Battery";

    private WebApplicationFactory<Program>? _factory;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ConnectionString { get; private set; } = string.Empty;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.NewDatabaseAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("DeepSync:Database:ConnectionString", ConnectionString);
            web.UseSetting("DeepSync:Cluster:ClusterId", $"dash-{Guid.NewGuid():N}");
            web.UseSetting("DeepSync:Cluster:SiloPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Cluster:GatewayPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Operators:Emails:0", OperatorEmail);
            web.UseSetting("Logging:LogLevel:Default", "Warning");

            // Every test signs in from 127.0.0.1; the per-address cap has its own test.
            web.UseSetting("DeepSync:Accounts:PostsPerMinute", "100000");
            web.UseSetting("Logging:LogLevel:DeepSync", "Warning");
        });
        // A real socket: the browser journeys need one (TestServer has none).
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        _factory = factory;
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
        Console.WriteLine($"dashboard host at {string.Join(", ", addresses)}");
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

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

    /// <summary>The newest outbox link sent to <paramref name="recipient"/> with the given subject, read as the database administrator would.</summary>
    public async Task<string> OutboxLinkAsync(string recipient, string subjectContains)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var command = dataSource.CreateCommand(
                "SELECT action_url FROM email_outbox WHERE lower(recipient) = lower(@r) AND subject ILIKE '%' || @s || '%' AND action_url IS NOT NULL ORDER BY id DESC LIMIT 1");
            command.Parameters.AddWithValue("r", recipient);
            command.Parameters.AddWithValue("s", subjectContains);
            if (await command.ExecuteScalarAsync() is string link)
            {
                return link;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No outbox e-mail '{subjectContains}' to {recipient}.");
    }
}

/// <summary>One dashboard host shared by the browser journeys and the isolation test.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardApp>
{
    public const string Name = "dashboard";
}

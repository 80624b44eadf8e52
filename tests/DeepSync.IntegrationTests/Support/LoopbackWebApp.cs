using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DeepSync.Tests.Support;

/// <summary>
/// The real web host (Program, its co-hosted silo, Identity) on a real Kestrel loopback port over its own
/// PostgreSQL database; subclasses say which environment and settings it runs with. Browsers and HTTP
/// clients reach it through <see cref="BaseUrl"/>.
/// </summary>
public abstract class LoopbackWebApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ConnectionString { get; private set; } = string.Empty;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>The ASP.NET Core environment the host runs in.</summary>
    protected abstract string Environment { get; }

    /// <summary>The settings of this kind of host beyond the database, cluster and logging.</summary>
    protected abstract void Configure(IWebHostBuilder web);

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.NewDatabaseAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(Environment);
            web.UseSetting("DeepSync:Database:ConnectionString", ConnectionString);
            web.UseSetting("DeepSync:Cluster:ClusterId", $"web-{Guid.NewGuid():N}");
            web.UseSetting("DeepSync:Cluster:SiloPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Cluster:GatewayPort", SiloHosts.FreePort().ToString());

            // Every test signs in from 127.0.0.1; the per-address cap has its own test.
            web.UseSetting("DeepSync:Accounts:PostsPerMinute", "100000");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.UseSetting("Logging:LogLevel:DeepSync", "Warning");
            Configure(web);
        });

        // A real socket: the browser journeys need one (TestServer has none).
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        _factory = factory;
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>
    /// The newest outbox link sent to <paramref name="recipient"/> whose subject contains
    /// <paramref name="subjectContains"/> (after outbox id <paramref name="after"/>), read as the database
    /// administrator would; waits for it to arrive.
    /// </summary>
    public async Task<string> OutboxLinkAsync(string recipient, string subjectContains, long after = 0)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var link = await Eventually.Until(
            async () =>
            {
                await using var command = dataSource.CreateCommand(
                    "SELECT action_url FROM email_outbox WHERE lower(recipient) = lower(@r) AND subject ILIKE '%' || @s || '%' AND action_url IS NOT NULL AND id > @after ORDER BY id DESC LIMIT 1");
                command.Parameters.AddWithValue("r", recipient);
                command.Parameters.AddWithValue("s", subjectContains);
                command.Parameters.AddWithValue("after", after);
                return await command.ExecuteScalarAsync() as string;
            },
            found => found is not null);
        return link!;
    }

    /// <summary>The id of the newest outbox message, to wait for the next one after it.</summary>
    public async Task<long> LastOutboxIdAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM email_outbox");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

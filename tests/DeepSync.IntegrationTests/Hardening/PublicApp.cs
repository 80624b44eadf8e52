using System.Net;
using DeepSync.Tests.Dashboard;
using DeepSync.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DeepSync.Tests.Hardening;

/// <summary>
/// The real web host as it runs in production (environment Production, a public address, behind a
/// trusted TLS proxy) on a real Kestrel loopback port over its own PostgreSQL. Clients name the public
/// host in the Host header, as the proxy does; <see cref="Client"/> can also say the request came over
/// HTTPS.
/// </summary>
public sealed class PublicApp : IAsyncLifetime
{
    public const string PublicHost = "deepsync.example";
    public const string PublicBaseUrl = "https://deepsync.example/";
    public const string OperatorEmail = "ops@example.com";
    public const string SecondOperatorEmail = "root@example.com";

    private WebApplicationFactory<Program>? _factory;

    public string BaseUrl { get; private set; } = string.Empty;

    public string ConnectionString { get; private set; } = string.Empty;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.NewDatabaseAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("DeepSync:Database:ConnectionString", ConnectionString);
            web.UseSetting("DeepSync:Cluster:ClusterId", $"public-{Guid.NewGuid():N}");
            web.UseSetting("DeepSync:Cluster:SiloPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Cluster:GatewayPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Operators:Emails:0", OperatorEmail);
            web.UseSetting("DeepSync:Operators:Emails:1", SecondOperatorEmail);
            web.UseSetting("DeepSync:Web:PublicBaseUrl", PublicBaseUrl);
            web.UseSetting("DeepSync:Web:TrustForwardedHeaders", "true");
            web.UseSetting("DeepSync:Accounts:PostsPerMinute", "100000");
            web.UseSetting("Logging:LogLevel:Default", "Warning");
        });
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

    /// <summary>A client with its own cookie jar that reaches the host as <see cref="PublicHost"/> (or <paramref name="host"/>).</summary>
    public HttpClient Client(bool overHttps = false, string host = PublicHost, CookieContainer? cookies = null)
    {
        var client = SignedInClient.Anonymous(BaseUrl, cookies);
        client.DefaultRequestHeaders.Host = host;
        if (overHttps)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        return client;
    }

    /// <summary>The newest outbox link sent to <paramref name="recipient"/> whose subject contains <paramref name="subjectContains"/>.</summary>
    public async Task<Uri> OutboxLinkAsync(string recipient, string subjectContains, long after = 0)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        return await Eventually.Until(
            async () =>
            {
                await using var command = dataSource.CreateCommand(
                    "SELECT action_url FROM email_outbox WHERE lower(recipient) = lower(@r) AND subject ILIKE '%' || @s || '%' AND action_url IS NOT NULL AND id > @after ORDER BY id DESC LIMIT 1");
                command.Parameters.AddWithValue("r", recipient);
                command.Parameters.AddWithValue("s", subjectContains);
                command.Parameters.AddWithValue("after", after);
                return await command.ExecuteScalarAsync() is string link ? new Uri(link) : null;
            },
            link => link is not null) ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary>The id of the newest outbox message, to wait for the next one after it.</summary>
    public async Task<long> LastOutboxIdAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM email_outbox");
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

[CollectionDefinition(Name)]
public sealed class PublicAppCollection : ICollectionFixture<PublicApp>
{
    public const string Name = "public app";
}

using System.Net;
using DeepSync.Tests.Dashboard;
using DeepSync.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace DeepSync.Tests.Hardening;

/// <summary>
/// The real web host as it runs in production (environment Production, a public address, behind a
/// trusted TLS proxy) on a real Kestrel loopback port over its own PostgreSQL. Clients name the public
/// host in the Host header, as the proxy does; <see cref="Client"/> can also say the request came over
/// HTTPS.
/// </summary>
public sealed class PublicApp : LoopbackWebApp
{
    public const string PublicHost = "deepsync.example";
    public const string PublicBaseUrl = "https://deepsync.example/";
    public const string OperatorEmail = "ops@example.com";
    public const string SecondOperatorEmail = "root@example.com";

    protected override string Environment => "Production";

    protected override void Configure(IWebHostBuilder web)
    {
        web.UseSetting("DeepSync:Operators:Emails:0", OperatorEmail);
        web.UseSetting("DeepSync:Operators:Emails:1", SecondOperatorEmail);
        web.UseSetting("DeepSync:Web:PublicBaseUrl", PublicBaseUrl);
        web.UseSetting("DeepSync:Web:TrustForwardedHeaders", "true");
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
}

[CollectionDefinition(Name)]
public sealed class PublicAppCollection : ICollectionFixture<PublicApp>
{
    public const string Name = "public app";
}

using DeepSync.Web.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Dashboard;

/// <summary>Forwarded headers are believed only when the platform says it sits behind a proxy.</summary>
public sealed class ProxyHeadersTests
{
    private static async Task<string> SeenAsync(bool trust)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create(ProxyHeaders.Setting, (string?)trust.ToString())]);
        builder.Services.AddProxyHeaders(builder.Configuration);
        await using var app = builder.Build();
        app.UseProxyHeaders(app.Configuration);
        app.MapGet("/", (HttpContext http) => $"{http.Request.Scheme} {http.Connection.RemoteIpAddress}");
        await app.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var answer = await (await app.GetTestClient().SendAsync(request)).Content.ReadAsStringAsync();
        await app.StopAsync();
        return answer;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_address_and_https_are_taken_from_the_headers() =>
        Assert.Equal("https 203.0.113.7", await SeenAsync(trust: true));

    [Fact]
    public async Task Without_the_setting_the_headers_are_ignored() =>
        Assert.StartsWith("http ", await SeenAsync(trust: false));
}

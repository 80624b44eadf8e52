using System.Net;
using DeepSync.Tests.Dashboard;

namespace DeepSync.Tests.Hardening;

/// <summary>E-mailed links come from the configured public address, never from the request's Host header.</summary>
[Collection(PublicAppCollection.Name)]
public sealed class PublicBaseUrlTests(PublicApp app)
{
    [Fact]
    public async Task A_request_for_another_host_is_refused_and_reset_links_point_at_the_public_address()
    {
        using var evil = app.Client(host: "evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, (await evil.GetAsync("account/forgot-password")).StatusCode);

        var email = $"reset-{Guid.NewGuid():N}"[..18] + "@example.test";
        using var client = app.Client();
        await client.SubmitAsync("account/register", "account/register", "register", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Whatever-Passw0rd!",
            ["Input.ConfirmPassword"] = "Whatever-Passw0rd!",
        });
        await client.SubmitAsync("account/forgot-password", "account/forgot-password", "forgot", new() { ["Input.Email"] = email });
        Assert.StartsWith(PublicApp.PublicBaseUrl + "account/confirm-email?userId=", await app.OutboxLinkAsync(email, "Confirm"));
        Assert.StartsWith(PublicApp.PublicBaseUrl + "account/reset-password?email=", await app.OutboxLinkAsync(email, "Reset"));
    }
}

/// <summary>In Development, without the setting, links use the address the app itself listens on.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DevelopmentBaseUrlTests(DashboardApp app)
{
    [Fact]
    public async Task A_forged_Host_header_does_not_change_the_reset_link()
    {
        var email = $"poison-{Guid.NewGuid():N}"[..19] + "@example.test";
        await app.CreateConfirmedUserAsync(email);
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        client.DefaultRequestHeaders.Host = "evil.example";
        var answer = await client.SubmitAsync("account/forgot-password", "account/forgot-password", "forgot", new() { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var link = await app.OutboxLinkAsync(email, "Reset");
        Assert.StartsWith(app.BaseUrl + "/account/reset-password?email=", link);
    }
}

using System.Net;
using DeepSync.Tests.Dashboard;

namespace DeepSync.Tests.Hardening;

/// <summary>
/// Signing up with someone else's address (here, a configured operator address) must never hand the
/// account to the stranger once the owner confirms it, and must never stand in the owner's way.
/// </summary>
[Collection(PublicAppCollection.Name)]
public sealed class AccountTakeoverTests(PublicApp app)
{
    private const string GenericRefusal = "That e-mail and password do not match an account, or the account is locked for a while after repeated failures.";
    private const string SquattersPassword = "Squatters-Passw0rd!";
    private const string OwnersPassword = "Rightful-Owner-2026!";

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password) =>
        client.SubmitAsync("account/register", "account/register", "register", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    /// <summary>Opens the confirmation link and, when the page asks for it, chooses <paramref name="password"/>.</summary>
    private static async Task<string> ConfirmAsync(HttpClient client, Uri link, string password)
    {
        var page = await client.GetStringAsync(link.PathAndQuery.TrimStart('/'));
        if (!page.Contains("data-testid=\"choose-password\"", StringComparison.Ordinal))
        {
            return page;
        }

        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        var confirmed = await client.SubmitAsync(link.PathAndQuery.TrimStart('/'), link.PathAndQuery.TrimStart('/'), "confirm", new()
        {
            ["Input.UserId"] = query["userId"]!,
            ["Input.Code"] = query["code"]!,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        return await confirmed.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_stranger_who_signed_up_with_an_operator_address_gets_nothing_when_its_owner_confirms_it()
    {
        using var squatter = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(squatter, PublicApp.OperatorEmail, SquattersPassword)).StatusCode);
        var sent = await app.LastOutboxIdAsync();
        await squatter.SubmitAsync("account/resend-confirmation", "account/resend-confirmation", "resend", new() { ["Input.Email"] = PublicApp.OperatorEmail });
        var link = new Uri(await app.OutboxLinkAsync(PublicApp.OperatorEmail, "Confirm", after: sent));

        // The owner opens the link in their own browser: the page asks them for the password.
        using var owner = app.Client();
        var page = await owner.GetStringAsync(link.PathAndQuery.TrimStart('/'));
        Assert.Contains("data-testid=\"choose-password\"", page);
        Assert.DoesNotContain("data-testid=\"email-confirmed\"", page);
        Assert.Contains("data-testid=\"email-confirmed\"", await ConfirmAsync(owner, link, OwnersPassword));

        var refused = await squatter.TrySignInAsync(PublicApp.OperatorEmail, SquattersPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await refused.Content.ReadAsStringAsync());
        foreach (var path in new[] { "ops", "ops/outbox" })
        {
            var denied = await squatter.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("/account/login", denied.Headers.Location!.ToString());
        }

        Assert.Equal(HttpStatusCode.Redirect, (await owner.TrySignInAsync(PublicApp.OperatorEmail, OwnersPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("ops")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("ops/outbox")).StatusCode);
    }

    [Fact]
    public async Task A_pending_sign_up_does_not_stop_the_owner_from_signing_up()
    {
        using var squatter = app.Client();
        await RegisterAsync(squatter, PublicApp.SecondOperatorEmail, SquattersPassword);

        // The owner signs up too, with their own password: they get a confirmation link, not "you already have an account".
        using var owner = app.Client();
        var sent = await app.LastOutboxIdAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(owner, PublicApp.SecondOperatorEmail, OwnersPassword)).StatusCode);
        var link = new Uri(await app.OutboxLinkAsync(PublicApp.SecondOperatorEmail, "Confirm", after: sent));
        Assert.Contains("data-testid=\"email-confirmed\"", await ConfirmAsync(owner, link, OwnersPassword));

        Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await (await squatter.TrySignInAsync(PublicApp.SecondOperatorEmail, SquattersPassword)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await owner.TrySignInAsync(PublicApp.SecondOperatorEmail, OwnersPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("ops")).StatusCode);
    }

    [Fact]
    public async Task The_browser_that_signed_up_confirms_with_one_click_and_keeps_its_password()
    {
        var email = $"self-{Guid.NewGuid():N}"[..17] + "@example.test";
        using var client = app.Client();
        await RegisterAsync(client, email, OwnersPassword);
        var link = new Uri(await app.OutboxLinkAsync(email, "Confirm"));

        Assert.Contains("data-testid=\"email-confirmed\"", await client.GetStringAsync(link.PathAndQuery.TrimStart('/')));
        Assert.Equal(HttpStatusCode.Redirect, (await client.TrySignInAsync(email, OwnersPassword)).StatusCode);
    }
}

using System.Net;
using System.Security.Claims;
using DeepSync.Tests.Dashboard;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Hardening;

/// <summary>Accounts carry a display name (asked at sign-up, editable later), exposed as the <c>deepsync:display_name</c> claim.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DisplayNameTests(DashboardApp app)
{
    private static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)] + "@example.test";

    private async Task<string?> ClaimOfAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeepSyncUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<DeepSyncUser>>();
        var user = await users.FindByEmailAsync(email);
        return user is null ? null : (await factory.CreateAsync(user)).FindFirstValue(DeepSyncClaims.DisplayName);
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string? displayName) =>
        client.SubmitAsync("account/register", "account/register", "register", new()
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = displayName ?? string.Empty,
            ["Input.Password"] = DashboardApp.Password,
            ["Input.ConfirmPassword"] = DashboardApp.Password,
        });

    [Fact]
    public async Task Sign_up_asks_for_a_display_name_and_defaults_to_the_address_before_the_at()
    {
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        var named = NewEmail("named");
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(client, named, "  Ada Lovelace  ")).StatusCode);
        Assert.Equal("Ada Lovelace", await ClaimOfAsync(named));

        var plain = NewEmail("plain");
        await RegisterAsync(client, plain, null);
        Assert.Equal(plain[..plain.IndexOf('@')], await ClaimOfAsync(plain));

        Assert.Equal(DeepSyncClaims.DisplayName, "deepsync:display_name");
    }

    [Fact]
    public async Task A_display_name_the_text_rules_refuse_is_explained_and_no_account_is_made()
    {
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        var email = NewEmail("bidi");
        var response = await RegisterAsync(client, email, "Eve\u202Etxt.exe");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(html.Contains("Display name must not contain control characters (U+202E at position 4).", StringComparison.Ordinal), html[html.IndexOf("<h1>", StringComparison.Ordinal)..]);
        Assert.Null(await ClaimOfAsync(email));

        var tooLong = await RegisterAsync(client, email, new string('x', 61));
        Assert.Contains("Display name must be at most 60 characters (got 61).", await tooLong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_account_page_changes_the_display_name_and_the_session_carries_it_at_once()
    {
        var email = NewEmail("rename");
        await app.CreateConfirmedUserAsync(email);
        Assert.Equal(email[..email.IndexOf('@')], await ClaimOfAsync(email));
        using var client = await SignedInClient.SignInAsync(app.BaseUrl, email, DashboardApp.Password);
        Assert.Contains($"value=\"{email[..email.IndexOf('@')]}\"", await client.GetStringAsync("account/manage/password"));

        var refused = await client.SubmitAsync("account/manage/password", "account/manage/password", "display-name", new() { ["Name.DisplayName"] = "Bell\u0007Ring" });
        var refusal = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.True(refusal.Contains("Display name must not contain control characters (U+0007 at position 5).", StringComparison.Ordinal), refusal);

        // U+0000 never reaches the page: the form reader refuses it, and the answer says so.
        var nul = await client.SubmitAsync("account/manage/password", "account/manage/password", "display-name", new() { ["Name.DisplayName"] = "Null\u0000Byte" });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("such as U+0000", await nul.Content.ReadAsStringAsync());

        var saved = await client.SubmitAsync("account/manage/password", "account/manage/password", "display-name", new() { ["Name.DisplayName"] = "Grace Hopper" });
        Assert.Contains("data-testid=\"display-name-changed\"", await saved.Content.ReadAsStringAsync());
        Assert.Equal("Grace Hopper", await ClaimOfAsync(email));
        Assert.Contains("value=\"Grace Hopper\"", await client.GetStringAsync("account/manage/password"));
    }
}

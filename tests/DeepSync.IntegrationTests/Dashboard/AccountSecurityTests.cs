using System.Net;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Dashboard;

/// <summary>Accounts over real HTTP: sign-out and password changes end every copy of a session, lockout, reset, and no enumeration.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccountSecurityTests(DashboardApp app)
{
    private const string GenericRefusal = "That e-mail and password do not match an account, or the account is locked for a while after repeated failures.";

    private static string NewEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] + "@example.test";

    /// <summary>A second client holding a copy of <paramref name="client"/>'s cookies, as a second tab or a stolen cookie would.</summary>
    private HttpClient Copy(HttpClient client, CookieContainer cookies)
    {
        var copy = new CookieContainer();
        copy.Add(cookies.GetAllCookies());
        return SignedInClient.Anonymous(app.BaseUrl, copy);
    }

    private async Task<(HttpClient Client, CookieContainer Cookies)> SignInWithJarAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        var client = SignedInClient.Anonymous(app.BaseUrl, cookies);
        var response = await client.TrySignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, cookies);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        var email = NewEmail("cookie");
        await app.CreateConfirmedUserAsync(email);
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        var response = await client.TrySignInAsync(email, DashboardApp.Password);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("deepsync.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        // Plain HTTP on loopback here; behind TLS the same policy (SameAsRequest) marks it Secure.
        Assert.DoesNotContain("secure", cookie.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_ends_every_copy_of_the_session()
    {
        var email = NewEmail("signout");
        await app.CreateConfirmedUserAsync(email);
        var (client, cookies) = await SignInWithJarAsync(email, DashboardApp.Password);
        using var stolen = Copy(client, cookies);
        Assert.Equal(HttpStatusCode.OK, (await stolen.GetAsync("")).StatusCode);

        var signOut = await client.SubmitAsync("", "account/logout", null, []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains("/account/login", signOut.Headers.Location!.ToString());

        var replay = await stolen.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/account/login", replay.Headers.Location!.ToString());
        client.Dispose();
    }

    [Fact]
    public async Task Sign_out_without_an_antiforgery_token_is_refused()
    {
        var email = NewEmail("csrf");
        await app.CreateConfirmedUserAsync(email);
        var (client, _) = await SignInWithJarAsync(email, DashboardApp.Password);
        var forged = await client.PostAsync("account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task Five_failures_lock_the_account_and_the_answer_matches_an_unknown_address()
    {
        var email = NewEmail("lockout");
        await app.CreateConfirmedUserAsync(email);
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.TrySignInAsync(email, "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await wrong.Content.ReadAsStringAsync());
        }

        var right = await client.TrySignInAsync(email, DashboardApp.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await right.Content.ReadAsStringAsync());

        var unknown = await client.TrySignInAsync(NewEmail("nobody"), DashboardApp.Password);
        Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await unknown.Content.ReadAsStringAsync());

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeepSyncUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task Registering_a_taken_address_or_asking_for_a_reset_reveals_nothing()
    {
        var email = NewEmail("taken");
        await app.CreateConfirmedUserAsync(email);
        using var client = SignedInClient.Anonymous(app.BaseUrl);

        async Task<HttpResponseMessage> RegisterAsync(string address) => await client.SubmitAsync("account/register", "account/register", "register", new()
        {
            ["Input.Email"] = address,
            ["Input.Password"] = DashboardApp.Password,
            ["Input.ConfirmPassword"] = DashboardApp.Password,
        });

        var taken = await RegisterAsync(email);
        var fresh = await RegisterAsync(NewEmail("fresh"));
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);
        Assert.StartsWith(app.BaseUrl, await app.OutboxLinkAsync(email, "already have"));

        async Task<string> ForgotAsync(string address)
        {
            var response = await client.SubmitAsync("account/forgot-password", "account/forgot-password", "forgot", new() { ["Input.Email"] = address });
            var html = await response.Content.ReadAsStringAsync();
            var answer = html[html.IndexOf("<h1>", StringComparison.Ordinal)..html.LastIndexOf("</form>", StringComparison.Ordinal)];
            Assert.Contains("data-testid=\"reset-sent\"", answer);

            // The antiforgery token differs per response; everything else must be identical.
            answer = answer.Replace(address, "{address}", StringComparison.Ordinal);
            return System.Text.RegularExpressions.Regex.Replace(answer, "name=\"__RequestVerificationToken\" value=\"[^\"]+\"", string.Empty);
        }

        Assert.Equal(await ForgotAsync(NewEmail("ghost")), await ForgotAsync(email));
    }

    [Fact]
    public async Task A_reset_link_from_the_outbox_sets_a_new_password_and_ends_old_sessions()
    {
        var email = NewEmail("reset");
        await app.CreateConfirmedUserAsync(email);
        var (before, cookies) = await SignInWithJarAsync(email, DashboardApp.Password);

        using var client = SignedInClient.Anonymous(app.BaseUrl);
        await client.SubmitAsync("account/forgot-password", "account/forgot-password", "forgot", new() { ["Input.Email"] = email });
        var link = new Uri(await app.OutboxLinkAsync(email, "Reset"));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        var reset = await client.SubmitAsync(link.PathAndQuery.TrimStart('/'), "account/reset-password", "reset", new()
        {
            ["Input.Email"] = query["email"]!,
            ["Input.Code"] = query["code"]!,
            ["Input.Password"] = "Brand-new-Passw0rd",
            ["Input.ConfirmPassword"] = "Brand-new-Passw0rd",
        });
        Assert.Contains("data-testid=\"password-reset\"", await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await before.GetAsync("")).StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await (await client.TrySignInAsync(email, DashboardApp.Password)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.TrySignInAsync(email, "Brand-new-Passw0rd")).StatusCode);
        before.Dispose();
        _ = cookies;
    }

    [Fact]
    public async Task The_owner_of_an_address_takes_it_back_from_an_unconfirmed_sign_up_through_a_reset()
    {
        var email = NewEmail("squat");
        using var client = SignedInClient.Anonymous(app.BaseUrl);
        await client.SubmitAsync("account/register", "account/register", "register", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Squatters-Passw0rd",
            ["Input.ConfirmPassword"] = "Squatters-Passw0rd",
        });

        await client.SubmitAsync("account/forgot-password", "account/forgot-password", "forgot", new() { ["Input.Email"] = email });
        var link = new Uri(await app.OutboxLinkAsync(email, "Reset"));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        await client.SubmitAsync(link.PathAndQuery.TrimStart('/'), "account/reset-password", "reset", new()
        {
            ["Input.Email"] = query["email"]!,
            ["Input.Code"] = query["code"]!,
            ["Input.Password"] = "Rightful-Owner-2026",
            ["Input.ConfirmPassword"] = "Rightful-Owner-2026",
        });

        Assert.Equal(HttpStatusCode.Redirect, (await client.TrySignInAsync(email, "Rightful-Owner-2026")).StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(GenericRefusal), await (await SignedInClient.Anonymous(app.BaseUrl).TrySignInAsync(email, "Squatters-Passw0rd")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others()
    {
        var email = NewEmail("change");
        await app.CreateConfirmedUserAsync(email);
        var (client, cookies) = await SignInWithJarAsync(email, DashboardApp.Password);
        using var other = Copy(client, cookies);

        var changed = await client.SubmitAsync("account/manage/password", "account/manage/password", "change-password", new()
        {
            ["Input.CurrentPassword"] = DashboardApp.Password,
            ["Input.Password"] = "Another-Passw0rd-7",
            ["Input.ConfirmPassword"] = "Another-Passw0rd-7",
        });
        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("")).StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task Operators_reach_the_orleans_dashboard_and_the_ledger_export()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeepSyncUser>>();
            if (await users.FindByEmailAsync(DashboardApp.OperatorEmail) is null)
            {
                await app.CreateConfirmedUserAsync(DashboardApp.OperatorEmail);
            }
        }

        using var ops = await SignedInClient.SignInAsync(app.BaseUrl, DashboardApp.OperatorEmail, DashboardApp.Password);
        var dashboard = await ops.GetAsync("ops/orleans/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("text/html", dashboard.Content.Headers.ContentType!.ToString());

        var csv = await ops.GetAsync("ops/export/audit.csv?action=subscription_created");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DeepSync.Web.Overwatch.AuditCsv.Header, lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.Contains(DashboardApp.OperatorEmail, StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.Contains(",subscription_created,", l));
    }
}

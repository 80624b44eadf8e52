using DeepSync.Tests.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DeepSync.Tests.Browser;

/// <summary>
/// The dashboard as people use it, in a real Chromium against the real host on a loopback port over
/// PostgreSQL. Every page a journey visits is saved under <c>test-results/screenshots/&lt;journey&gt;</c>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardJourneys(DashboardApp app, ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private async Task EnsureOperatorAsync()
    {
        // The operator account is the bootstrap the person running the platform makes (here: server side);
        // everything the journeys check is done through the pages.
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DeepSync.Web.Accounts.DeepSyncUser>>();
        if (await users.FindByEmailAsync(DashboardApp.OperatorEmail) is null)
        {
            await app.CreateConfirmedUserAsync(DashboardApp.OperatorEmail);
        }
    }

    [Fact]
    public async Task Journey_1_a_new_user_registers_confirms_renames_hits_the_plan_limit_suspends_and_resumes()
    {
        await EnsureOperatorAsync();
        var email = $"newcomer-{Guid.NewGuid():N}"[..20] + "@example.test";
        await using var user = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-1-new-user", "user");
        var page = user.Page;

        // The circuit must start on a WebSocket in one request (no negotiate round trip), so it works
        // behind a load balancer without sticky sessions.
        var negotiations = 0;
        var circuitSockets = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/_blazor/negotiate", StringComparison.Ordinal)) { Interlocked.Increment(ref negotiations); } };
        page.WebSocket += (_, socket) => { if (socket.Url.Contains("/_blazor", StringComparison.Ordinal)) { Interlocked.Increment(ref circuitSockets); } };

        // Register.
        await user.GoToAsync("/account/register");
        await user.ScreenshotAsync("register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DashboardApp.Password);
        await page.FillAsync("#confirm", DashboardApp.Password);
        await page.ClickAsync("[data-testid='register']");
        await Assertions.Expect(user.ByTestId("check-email")).ToBeVisibleAsync();
        await user.ScreenshotAsync("check-your-email");

        // Signing in before confirming is refused.
        await user.GoToAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DashboardApp.Password);
        await page.ClickAsync("[data-testid='sign-in']");
        await Assertions.Expect(user.ByTestId("login-error")).ToContainTextAsync("Confirm your e-mail address first");
        await user.ScreenshotAsync("sign-in-before-confirming");

        // An operator reads the confirmation link in the outbox.
        string link;
        await using (var ops = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-1-new-user", "operator", width: 1366, height: 768))
        {
            await ops.SignInAsync(DashboardApp.OperatorEmail, DashboardApp.Password);
            await ops.GoToAsync("/ops/outbox");
            await ops.InteractiveAsync();
            var message = ops.ByTestId("outbox-message").Filter(new LocatorFilterOptions { HasText = email });
            await Assertions.Expect(message.First).ToBeVisibleAsync();

            // Long links wrap: the page is no wider than the window.
            Assert.True(await ops.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the outbox is wider than a 1,366 px window");
            await ops.ScreenshotAsync("operator-outbox");
            link = (await message.First.Locator("[data-testid='outbox-link']").GetAttributeAsync("href"))!;
        }

        Assert.StartsWith(app.BaseUrl + "/account/confirm-email?", link);
        await page.GotoAsync(link);
        await Assertions.Expect(user.ByTestId("email-confirmed")).ToBeVisibleAsync();
        await user.ScreenshotAsync("email-confirmed");

        // Sign in: the fleet shows Alpha-1 on the free plan.
        await user.SignInAsync(email, DashboardApp.Password);
        var card = user.ByTestId("node-card");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("[data-testid='card-name']")).ToHaveTextAsync("Alpha-1");
        await Assertions.Expect(user.ByTestId("plan-summary")).ToContainTextAsync("Scout");
        await Assertions.Expect(user.ByTestId("new-teammate")).ToBeEnabledAsync();
        await user.ScreenshotAsync("fleet-light");

        // Both themes once.
        await page.ClickAsync("[data-testid='theme-toggle']");
        await user.InteractiveAsync();
        await Assertions.Expect(page.Locator(".mud-theme-dark, body")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(user.ByTestId("new-teammate")).ToBeEnabledAsync();
        await user.ScreenshotAsync("fleet-dark");
        await page.ClickAsync("[data-testid='theme-toggle']");
        await user.InteractiveAsync();

        // Rename Alpha-1 on its page.
        await card.Locator("[data-testid='open-node']").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/nodes/[0-9a-f-]{36}$"));
        var nodeUrl = page.Url;
        await user.InteractiveAsync();
        await Assertions.Expect(user.ByTestId("node-title")).ToHaveTextAsync("Alpha-1");
        await user.ScreenshotAsync("node-page");
        await user.ByTestId("rename-node").ClickAsync();
        await user.Field("node-name").FillAsync("Atlas Prime");
        await user.ScreenshotAsync("rename-dialog");
        await user.ByTestId("save-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-title")).ToHaveTextAsync("Atlas Prime");
        await Assertions.Expect(user.ByTestId("node-timeline")).ToContainTextAsync("Renamed");
        await Assertions.Expect(user.ByTestId("node-timeline")).ToContainTextAsync("“Alpha-1” is now “Atlas Prime”");
        await user.ScreenshotAsync("renamed");

        // A second node does not fit the free plan: the subscription grain refuses it (the page does not
        // decide), and its refusal brings up the upgrade prompt comparing the tiers.
        await user.GoToAsync("/");
        await user.InteractiveAsync();
        await Assertions.Expect(user.ByTestId("card-name")).ToHaveTextAsync("Atlas Prime");
        await user.ByTestId("new-teammate").ClickAsync();
        await user.Field("node-name").FillAsync("Beacon");
        await user.Field("node-callsign").FillAsync("BEACON-2");
        await user.ByTestId("save-node").ClickAsync();
        var upgrade = user.ByTestId("upgrade-dialog");
        await Assertions.Expect(upgrade).ToBeVisibleAsync();
        await Assertions.Expect(user.ByTestId("upgrade-message")).ToContainTextAsync("Your Scout plan allows 1 node and you have 1.");
        await Assertions.Expect(upgrade).ToContainTextAsync("Command");
        await Assertions.Expect(upgrade).ToContainTextAsync("Enterprise");
        await Assertions.Expect(user.ByTestId("request-upgrade")).ToBeEnabledAsync();
        await user.ScreenshotAsync("upgrade-prompt");
        await user.ByTestId("upgrade-close").ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(1);

        // The kill switch, behind its confirmation; the page turns suspended, then resumes.
        await page.GotoAsync(nodeUrl);
        await user.InteractiveAsync();
        await user.ByTestId("kill-switch").ClickAsync();
        await Assertions.Expect(user.ByTestId("suspend-dialog")).ToBeVisibleAsync();
        await user.Field("suspend-reason").FillAsync("Pausing while I review its tools");
        await user.ScreenshotAsync("kill-switch-confirmation");
        await user.ByTestId("confirm-suspend").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-suspended")).ToBeVisibleAsync();
        await Assertions.Expect(user.ByTestId("suspension-notice")).ToContainTextAsync("suspended by its owner");
        await Assertions.Expect(user.ByTestId("node-timeline")).ToContainTextAsync("Suspended");
        await user.ScreenshotAsync("suspended");
        await user.ByTestId("resume-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-suspended")).ToHaveCountAsync(0);
        await Assertions.Expect(user.ByTestId("kill-switch")).ToBeVisibleAsync();
        await Assertions.Expect(user.ByTestId("node-timeline")).ToContainTextAsync("Resumed");
        await user.ScreenshotAsync("resumed");

        // Launch: the grain may answer "Provisioning" first; the page follows it to "Running" by itself.
        await user.ByTestId("launch-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-status")).ToHaveTextAsync("Running", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(user.ByTestId("stop-node")).ToBeVisibleAsync();
        await Assertions.Expect(user.ByTestId("node-timeline")).ToContainTextAsync("Launch started");
        await Assertions.Expect(user.ByTestId("node-timeline")).ToContainTextAsync("Ready to chat");

        // The owner's timeline speaks in steps, not in the host's variables, ids and statuses.
        await Assertions.Expect(user.ByTestId("node-timeline")).Not.ToContainTextAsync("deployment id");
        await Assertions.Expect(user.ByTestId("node-timeline")).Not.ToContainTextAsync("SUCCESS");
        await Assertions.Expect(user.ByTestId("timeline-technical")).ToHaveCountAsync(0);
        await user.ScreenshotAsync("running");

        // Sleep scales the container to zero; Wake brings it back, each step live on the page.
        await user.ByTestId("sleep-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-status")).ToHaveTextAsync("Sleeping", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await user.ScreenshotAsync("sleeping");
        await user.ByTestId("wake-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-status")).ToHaveTextAsync("Running", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(user.ByTestId("sleep-node")).ToBeVisibleAsync();

        // The audit trail tab lists the same real events.
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Audit trail" }).ClickAsync();
        await Assertions.Expect(user.ByTestId("node-audit")).ToContainTextAsync("Resumed");
        await Assertions.Expect(user.ByTestId("node-audit")).ToContainTextAsync("Ready to chat");
        await Assertions.Expect(user.ByTestId("node-audit")).Not.ToContainTextAsync("status: ");
        await user.ScreenshotAsync("audit-trail");

        await user.GoToAsync("/plan");
        await user.InteractiveAsync();
        await Assertions.Expect(user.ByTestId("plan-current")).ToContainTextAsync("Scout");
        await Assertions.Expect(user.ByTestId("no-messages")).ToBeVisibleAsync();
        await user.ScreenshotAsync("plan");

        Assert.Equal(0, negotiations);
        Assert.True(circuitSockets > 0, "no Blazor circuit WebSocket was opened");
    }

    [Fact]
    public async Task Journey_2_an_operator_suspends_a_node_and_the_owners_open_page_turns_suspended_without_a_reload()
    {
        await EnsureOperatorAsync();
        var email = $"owner-{Guid.NewGuid():N}"[..16] + "@example.test";
        var (_, subscription) = await app.CreateConfirmedUserAsync(email);
        var nodeId = subscription.NodeIds[0];

        await using var owner = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-2-operator-suspends", "owner-phone", width: 390, height: 844);
        await owner.SignInAsync(email, DashboardApp.Password);
        await owner.ScreenshotAsync("fleet");
        await owner.GoToAsync($"/nodes/{nodeId}");
        await owner.InteractiveAsync();
        await owner.Page.Locator("[data-testid='live'][data-live='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await owner.Page.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");
        await owner.ScreenshotAsync("node-before");

        await using (var ops = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-2-operator-suspends", "operator"))
        {
            await ops.SignInAsync(DashboardApp.OperatorEmail, DashboardApp.Password);
            await ops.GoToAsync("/ops");
            await ops.InteractiveAsync();
            await ops.Field("filter-email").FillAsync(email);
            var row = ops.Page.Locator("tr.mud-table-row").Filter(new LocatorFilterOptions { HasText = email });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await ops.ScreenshotAsync("overwatch");
            await row.Locator("[data-testid='row-suspend']").ClickAsync();
            await ops.Field("suspend-reason").FillAsync("Reported for spam by a Telegram user");
            await ops.ScreenshotAsync("overwatch-suspend-dialog");
            await ops.ByTestId("confirm-suspend").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid='row-suspended']")).ToContainTextAsync("suspended by an operator");
            await ops.ScreenshotAsync("overwatch-suspended");

            await row.Locator("[data-testid='row-grant']").ClickAsync();
            await ops.Field("grant-minutes").FillAsync("30");
            await ops.Field("grant-reason").FillAsync("Apology for the outage");
            await ops.ScreenshotAsync("grant-minutes");
            await ops.ByTestId("confirm-grant").ClickAsync();
            await Assertions.Expect(ops.Page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = "30 minutes granted" })).ToBeVisibleAsync();

            await row.Locator("[data-testid='row-name']").ClickAsync();
            await Assertions.Expect(ops.ByTestId("node-title")).ToHaveTextAsync("Alpha-1");
            await Assertions.Expect(ops.ByTestId("suspension-notice")).ToContainTextAsync("Reported for spam");
            await Assertions.Expect(ops.ByTestId("operator-resume")).ToBeVisibleAsync();
            await ops.ScreenshotAsync("operator-node-page");

            await ops.GoToAsync("/ops/audit");
            await ops.InteractiveAsync();
            await Assertions.Expect(ops.ByTestId("audit-table")).ToContainTextAsync("node_suspended");
            await Assertions.Expect(ops.ByTestId("audit-table")).ToContainTextAsync("voice_minutes_granted");
            await ops.ScreenshotAsync("audit-ledger");
            await ops.GoToAsync("/ops/cluster");
            await ops.InteractiveAsync();
            await Assertions.Expect(ops.ByTestId("silo-table")).ToContainTextAsync("Active");
            await ops.ScreenshotAsync("cluster");
            await ops.GoToAsync("/ops/tiers");
            await ops.InteractiveAsync();
            await Assertions.Expect(ops.ByTestId("tier-table")).ToContainTextAsync("enterprise_gov");
            await ops.ScreenshotAsync("tiers");
            await ops.ByTestId("new-tier").ClickAsync();
            await ops.Field("tier-id").FillAsync("Bad Id");
            await ops.Field("tier-name").FillAsync("Team");
            await ops.ByTestId("save-tier").ClickAsync();
            await Assertions.Expect(ops.ByTestId("tier-error")).ToBeVisibleAsync();
            await ops.ScreenshotAsync("tier-validation");
            await ops.Page.Keyboard.PressAsync("Escape");

            await ops.GoToAsync("/ops/orleans/");
            await ops.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await ops.ScreenshotAsync("orleans-dashboard");
        }

        // The owner's page changed by itself: same document, suspended, and no way to resume.
        await Assertions.Expect(owner.ByTestId("node-suspended")).ToBeVisibleAsync();
        await Assertions.Expect(owner.ByTestId("suspension-notice")).ToContainTextAsync("suspended by an operator");
        await Assertions.Expect(owner.ByTestId("suspension-notice")).ToContainTextAsync("Reported for spam");
        await Assertions.Expect(owner.ByTestId("resume-refused")).ToBeVisibleAsync();
        await Assertions.Expect(owner.ByTestId("resume-node")).ToHaveCountAsync(0);
        await Assertions.Expect(owner.ByTestId("kill-switch")).ToHaveCountAsync(0);
        Assert.Equal("yes", await owner.Page.EvaluateAsync<string>("() => window.__sameDocument"));
        await owner.ScreenshotAsync("node-suspended-live");

        // The fleet page is live too: an operator lifts the suspension while the owner watches it.
        await owner.GoToAsync("/");
        await owner.InteractiveAsync();
        await owner.Page.Locator("[data-testid='live'][data-live='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(owner.ByTestId("node-suspended")).ToBeVisibleAsync();
        await owner.Page.EvaluateAsync("() => { window.__sameDocument = 'fleet'; }");
        await using (var ops = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-2-operator-suspends", "operator"))
        {
            await ops.SignInAsync(DashboardApp.OperatorEmail, DashboardApp.Password);
            await ops.GoToAsync("/ops");
            await ops.InteractiveAsync();
            await ops.Field("filter-email").FillAsync(email);
            var row = ops.Page.Locator("tr.mud-table-row").Filter(new LocatorFilterOptions { HasText = email });
            await row.Locator("[data-testid='row-resume']").ClickAsync();
            await ops.Page.Locator(".mud-dialog button").Filter(new LocatorFilterOptions { HasText = "Resume" }).ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid='row-suspend']")).ToBeVisibleAsync();
        }

        await Assertions.Expect(owner.ByTestId("node-suspended")).ToHaveCountAsync(0);
        Assert.Equal("fleet", await owner.Page.EvaluateAsync<string>("() => window.__sameDocument"));
        await owner.ScreenshotAsync("fleet-resumed-live");
    }

    [Fact]
    public async Task Journey_3_another_users_node_address_shows_not_found()
    {
        var (_, first) = await app.CreateConfirmedUserAsync($"first-{Guid.NewGuid():N}"[..16] + "@example.test");
        var secondEmail = $"second-{Guid.NewGuid():N}"[..17] + "@example.test";
        await app.CreateConfirmedUserAsync(secondEmail);

        await using var second = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-3-foreign-node", "second-user");
        await second.SignInAsync(secondEmail, DashboardApp.Password);
        await second.ScreenshotAsync("own-fleet");
        var response = await second.Page.GotoAsync($"{app.BaseUrl}/nodes/{first.NodeIds[0]}");
        Assert.Equal(404, response!.Status);
        await second.InteractiveAsync();
        await Assertions.Expect(second.ByTestId("not-found")).ToBeVisibleAsync();
        await Assertions.Expect(second.ByTestId("kill-switch")).ToHaveCountAsync(0);
        await second.ScreenshotAsync("foreign-node-not-found");

        // Operator pages are refused too.
        await second.GoToAsync("/ops");
        await Assertions.Expect(second.ByTestId("access-denied")).ToBeVisibleAsync();
        await second.ScreenshotAsync("overwatch-refused");
    }

    [Fact]
    public async Task Journey_4_a_user_resets_a_forgotten_password_then_changes_it()
    {
        await EnsureOperatorAsync();
        var email = $"forgetful-{Guid.NewGuid():N}"[..20] + "@example.test";
        await app.CreateConfirmedUserAsync(email);
        await using var user = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-4-passwords", "user");
        var page = user.Page;

        await user.GoToAsync("/account/forgot-password");
        await page.FillAsync("#email", email);
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(user.ByTestId("reset-sent")).ToBeVisibleAsync();
        await user.ScreenshotAsync("forgot-password");

        string link;
        await using (var ops = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-4-passwords", "operator"))
        {
            await ops.SignInAsync(DashboardApp.OperatorEmail, DashboardApp.Password);
            await ops.GoToAsync("/ops/outbox");
            await ops.InteractiveAsync();
            var message = ops.ByTestId("outbox-message").Filter(new LocatorFilterOptions { HasText = email });
            await Assertions.Expect(message.First).ToContainTextAsync("Reset your DeepSync password");
            link = (await message.First.Locator("[data-testid='outbox-link']").GetAttributeAsync("href"))!;
        }

        await page.GotoAsync(link);
        await user.ScreenshotAsync("reset-password");
        await page.FillAsync("#password", "Fresh-Start-2026!");
        await page.FillAsync("#confirm", "Fresh-Start-2026!");
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(user.ByTestId("password-reset")).ToBeVisibleAsync();
        await user.ScreenshotAsync("password-reset");

        await user.SignInAsync(email, "Fresh-Start-2026!");
        await user.GoToAsync("/account/manage/password");
        await page.FillAsync("#current", "Fresh-Start-2026!");
        await page.FillAsync("#password", "Second-Change-2026!");
        await page.FillAsync("#confirm", "Second-Change-2026!");
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(user.ByTestId("password-changed")).ToBeVisibleAsync();
        await user.ScreenshotAsync("password-changed");

        await user.GoToAsync("/");
        await user.InteractiveAsync();
        await user.ByTestId("sign-out").ClickAsync();
        await Assertions.Expect(user.ByTestId("signed-out")).ToBeVisibleAsync();
        await user.ScreenshotAsync("signed-out");
        await user.GoToAsync("/account/resend-confirmation");
        await user.ScreenshotAsync("resend-confirmation");
    }

    [Fact]
    public async Task Journey_5_first_run_from_the_landing_page_to_asking_for_more_deleting_a_teammate_and_reloading_on_a_tab()
    {
        await EnsureOperatorAsync();
        var email = $"first-run-{Guid.NewGuid():N}"[..20] + "@example.test";

        // A visitor on a phone meets DeepSync at "/": what it is and the plans from the tier catalog.
        await using (var visitor = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-5-first-run", "visitor-phone", width: 390, height: 844))
        {
            await visitor.GoToAsync("/");
            await visitor.InteractiveAsync();
            Assert.Equal(app.BaseUrl + "/", visitor.Page.Url);
            await Assertions.Expect(visitor.ByTestId("landing")).ToContainTextAsync("AI teammates");
            var plans = visitor.ByTestId("landing-plan");
            await Assertions.Expect(plans).ToHaveCountAsync(3);
            await Assertions.Expect(plans.Nth(0)).ToContainTextAsync("Scout");
            await Assertions.Expect(plans.Nth(0)).ToContainTextAsync("Free");
            await Assertions.Expect(plans.Nth(0)).ToContainTextAsync("1 teammate");
            await Assertions.Expect(plans.Nth(0)).ToContainTextAsync("1,000 voice minutes");
            await Assertions.Expect(plans.Nth(1)).ToContainTextAsync("$29 / month");
            await Assertions.Expect(plans.Nth(1)).ToContainTextAsync("5 teammates");
            await Assertions.Expect(plans.Nth(2)).ToContainTextAsync("Custom");
            Assert.True(await visitor.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the landing page is wider than a phone");
            await visitor.ScreenshotAsync("landing-phone");
        }

        await using var user = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-5-first-run", "user");
        var page = user.Page;
        await user.GoToAsync("/");
        await user.InteractiveAsync();
        await user.ScreenshotAsync("landing");
        await user.ByTestId("landing-sign-up").ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/account/register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DashboardApp.Password);
        await page.FillAsync("#confirm", DashboardApp.Password);
        await page.ClickAsync("[data-testid='register']");
        await Assertions.Expect(user.ByTestId("check-email")).ToBeVisibleAsync();
        await page.GotoAsync(await app.OutboxLinkAsync(email, "Confirm"));
        await Assertions.Expect(user.ByTestId("email-confirmed")).ToBeVisibleAsync();
        await user.SignInAsync(email, DashboardApp.Password);

        // At the limit the refusal offers a way up: a request operators see.
        await user.ByTestId("new-teammate").ClickAsync();
        await user.Field("node-name").FillAsync("Beacon");
        await user.Field("node-callsign").FillAsync("BEACON");
        await user.ByTestId("save-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("upgrade-dialog")).ToBeVisibleAsync();
        await page.GetByText("Command ($29 / month)").ClickAsync();
        await user.ByTestId("request-upgrade").ClickAsync();
        await Assertions.Expect(user.ByTestId("upgrade-requested")).ToContainTextAsync("an operator will move you to the Command plan");
        await user.ScreenshotAsync("upgrade-requested");
        await user.ByTestId("upgrade-close").ClickAsync();

        // Tabs have addresses: a reload stays on the tab.
        await user.ByTestId("open-node").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/nodes/[0-9a-f-]{36}$"));
        var nodePath = new Uri(page.Url).AbsolutePath;
        await user.InteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Memory" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + nodePath + "/memory");
        await page.ReloadAsync();
        await user.InteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Memory" })).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.Locator("[data-testid='memory-panel']")).ToBeVisibleAsync();
        await user.ScreenshotAsync("memory-tab-after-reload");

        // Delete, behind typing the teammate's name: the slot is free again.
        await user.ByTestId("delete-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("confirm-delete")).ToBeDisabledAsync();
        await user.Field("delete-confirm-name").FillAsync("Alpha");
        await Assertions.Expect(user.ByTestId("confirm-delete")).ToBeDisabledAsync();
        await user.Field("delete-confirm-name").FillAsync("Alpha-1");
        await user.ScreenshotAsync("delete-confirmation");
        await user.ByTestId("confirm-delete").ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
        await Assertions.Expect(user.ByTestId("node-card")).ToHaveCountAsync(0);
        await Assertions.Expect(user.ByTestId("fleet-empty")).ToBeVisibleAsync();
        await Assertions.Expect(user.ByTestId("plan-summary")).ToContainTextAsync("0 of 1 teammates");
        await user.ScreenshotAsync("fleet-after-delete");
        await user.ByTestId("new-teammate").ClickAsync();
        await user.Field("node-name").FillAsync("Beacon");
        await user.Field("node-callsign").FillAsync("BEACON");
        await user.ByTestId("save-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("card-name")).ToHaveTextAsync("Beacon");
        var response = await page.GotoAsync(app.BaseUrl + nodePath);
        Assert.Equal(404, response!.Status);

        // On a phone the tab the address names is in sight.
        await using (var phone = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-5-first-run", "user-phone", width: 390, height: 844))
        {
            await phone.SignInAsync(email, DashboardApp.Password);
            await phone.ByTestId("open-node").ClickAsync();
            await phone.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/nodes/[0-9a-f-]{36}$"));
            await phone.GoToAsync(new Uri(phone.Page.Url).AbsolutePath + "/voice");
            await phone.InteractiveAsync();
            var voice = phone.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "Voice" });
            await Assertions.Expect(voice).ToHaveAttributeAsync("aria-selected", "true");
            await Assertions.Expect(voice).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 0.9f });
            await phone.ScreenshotAsync("voice-tab-phone");
        }

        // The operator sees the open request in Overwatch and moves the user up, which closes it.
        await using var ops = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, "journey-5-first-run", "operator", width: 1366, height: 768);
        await ops.SignInAsync(DashboardApp.OperatorEmail, DashboardApp.Password);
        await ops.GoToAsync("/ops");
        await ops.InteractiveAsync();
        var request = ops.ByTestId("upgrade-request").Filter(new LocatorFilterOptions { HasText = email });
        await Assertions.Expect(request).ToContainTextAsync("Scout");
        await Assertions.Expect(request).ToContainTextAsync("Command");
        await ops.ScreenshotAsync("overwatch-upgrade-request");
        await request.Locator("[data-testid='upgrade-request-change']").ClickAsync();
        await ops.ByTestId("confirm-plan").ClickAsync();
        await Assertions.Expect(ops.Page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = "Command plan now" })).ToBeVisibleAsync();
        await Assertions.Expect(request).ToHaveCountAsync(0);
        await ops.Field("filter-email").FillAsync(email);
        var row = ops.Page.Locator("tr.mud-table-row").Filter(new LocatorFilterOptions { HasText = email });
        await Assertions.Expect(row.Locator("[data-testid='row-tier']")).ToHaveTextAsync("Command");
        await ops.ScreenshotAsync("overwatch-after-upgrade");

        // The ledger keeps the deletion and the request; its details column is readable in the window.
        await ops.GoToAsync($"/ops/audit?userId={await UserIdAsync(email)}");
        await ops.InteractiveAsync();
        await Assertions.Expect(ops.ByTestId("audit-table")).ToContainTextAsync("upgrade_requested");
        await Assertions.Expect(ops.ByTestId("audit-table")).ToContainTextAsync("node_deleted");
        await Assertions.Expect(ops.ByTestId("audit-details").First).ToBeInViewportAsync();
        Assert.True(await ops.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the ledger is wider than a 1,366 px window");
        await ops.ScreenshotAsync("audit-ledger");
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DeepSync.Web.Accounts.DeepSyncUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }
}

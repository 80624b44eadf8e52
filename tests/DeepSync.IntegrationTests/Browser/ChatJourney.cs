using DeepSync.Tests.Dashboard;
using Microsoft.Playwright;

namespace DeepSync.Tests.Browser;

/// <summary>
/// A new user talks to Alpha-1 in a real Chromium (offline runtime, the default with no API key), a
/// second tab of the same node follows the conversation live, and the Memory tab edits what the
/// teammate remembers. Screenshots go to <c>test-results/screenshots/journey-chat</c>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ChatJourney(DashboardApp app, ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private const string Journey = "journey-chat";

    private const string MemoryEditor = "textarea[data-testid='memory-editor'], [data-testid='memory-editor'] textarea";

    private static Task OpenTabAsync(JourneyPage tab, string name) =>
        tab.Page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = name, Exact = true }).ClickAsync();

    private static Task ChatLiveAsync(JourneyPage tab) =>
        tab.Page.Locator("[data-testid='chat-panel'][data-live='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task Chat_journey_a_new_user_chats_with_Alpha_1_in_two_tabs_and_edits_its_memory()
    {
        var email = $"chat-{Guid.NewGuid():N}"[..17] + "@example.test";
        await using var user = await JourneyPage.OpenAsync(chromium.Browser, app.BaseUrl, Journey, "tab-1");
        var page = user.Page;

        // Sign up through the pages; the confirmation link comes from the outbox.
        await user.GoToAsync("/account/register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DashboardApp.Password);
        await page.FillAsync("#confirm", DashboardApp.Password);
        await page.ClickAsync("[data-testid='register']");
        await Assertions.Expect(user.ByTestId("check-email")).ToBeVisibleAsync();
        await page.GotoAsync(await app.OutboxLinkAsync(email, "Confirm your DeepSync"));
        await Assertions.Expect(user.ByTestId("email-confirmed")).ToBeVisibleAsync();
        await user.SignInAsync(email, DashboardApp.Password);

        // Open Alpha-1 and launch it.
        await user.ByTestId("node-card").Locator("[data-testid='open-node']").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/nodes/[0-9a-f-]{36}$"));
        var nodeUrl = page.Url;
        await user.InteractiveAsync();
        await Assertions.Expect(user.ByTestId("node-title")).ToHaveTextAsync("Alpha-1");
        await user.ByTestId("launch-node").ClickAsync();
        await Assertions.Expect(user.ByTestId("node-status")).ToHaveTextAsync("Running", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });

        // A second tab of the same signed-in browser (its own circuit) opens the chat first and just watches.
        var secondPage = await page.Context.NewPageAsync();
        var second = new JourneyPage(secondPage, app.BaseUrl, Journey, "tab-2");
        await secondPage.GotoAsync(nodeUrl);
        await second.InteractiveAsync();
        await OpenTabAsync(second, "Chat");
        await ChatLiveAsync(second);
        await Assertions.Expect(second.ByTestId("chat-empty")).ToBeVisibleAsync();
        await secondPage.EvaluateAsync("() => { window.__sameDocument = 'yes'; }");

        // Send from the first tab.
        await OpenTabAsync(user, "Chat");
        await ChatLiveAsync(user);
        await user.ScreenshotAsync("chat-empty");

        const string message = "Hello **Alpha-1**, what can you do? <script>window.__pwned = 1</script>";
        await user.Field("chat-input").FillAsync(message);
        await Assertions.Expect(user.Page.GetByText($"{message.Length} / 8,000 characters")).ToBeVisibleAsync();
        await user.ScreenshotAsync("composer");
        await user.ByTestId("chat-send").ClickAsync();

        var exchange = user.ByTestId("chat-exchange");
        await Assertions.Expect(exchange.Locator("[data-testid='chat-user-message']")).ToContainTextAsync("Hello Alpha-1, what can you do?");
        await Assertions.Expect(exchange).ToHaveAttributeAsync("data-status", "answered");
        var reply = exchange.Locator("[data-testid='chat-reply-text']");
        await Assertions.Expect(reply).ToContainTextAsync("I don't have a model to think with yet");
        await Assertions.Expect(reply).ToContainTextAsync("You said:");
        await Assertions.Expect(reply).ToContainTextAsync("An operator of this DeepSync can connect a model");
        await Assertions.Expect(reply).Not.ToContainTextAsync("DeepSync__");
        await Assertions.Expect(user.ByTestId("chat-typing")).ToHaveCountAsync(0);
        await user.ScreenshotAsync("reply-streamed");
        // That the reply shows piece by piece with a typing indicator is pinned without timing in
        // NodeChatPanelTests; a browser on a starved machine may legitimately see only the final state.
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));

        // The watching tab saw the message and the reply arrive, without a reload.
        var seen = second.ByTestId("chat-exchange");
        await Assertions.Expect(seen.Locator("[data-testid='chat-user-message']")).ToContainTextAsync("Hello Alpha-1, what can you do?");
        await Assertions.Expect(seen.Locator("[data-testid='chat-reply-text']")).ToContainTextAsync("You said:");
        await Assertions.Expect(seen).ToHaveAttributeAsync("data-status", "answered");
        Assert.Equal("yes", await secondPage.EvaluateAsync<string>("() => window.__sameDocument"));
        await second.ScreenshotAsync("second-tab-live");

        // DeepVault: the second tab starts editing the persona block, then the first tab saves its own edit.
        await OpenTabAsync(second, "Memory");
        var stalePersona = second.Page.Locator("[data-testid='memory-block'][data-label='persona']");
        await stalePersona.Locator("[data-testid='memory-edit']").ClickAsync();
        await OpenTabAsync(user, "Memory");
        var persona = user.Page.Locator("[data-testid='memory-block'][data-label='persona']");
        await Assertions.Expect(persona).ToBeVisibleAsync();
        await user.ScreenshotAsync("memory");
        await persona.Locator("[data-testid='memory-edit']").ClickAsync();
        const string personaText = "I am Alpha-1, a careful research teammate. I answer briefly and cite sources.";
        await persona.Locator(MemoryEditor).FillAsync(personaText);
        await user.ScreenshotAsync("persona-editing");
        await persona.Locator("[data-testid='memory-save']").ClickAsync();
        await Assertions.Expect(persona.Locator("[data-testid='memory-value']")).ToHaveTextAsync(personaText);

        // The second tab's save names the old version: refused, explained, reloaded, and its text kept.
        const string staleText = "I am Alpha-1 and I talk a lot.";
        await stalePersona.Locator(MemoryEditor).FillAsync(staleText);
        await stalePersona.Locator("[data-testid='memory-save']").ClickAsync();
        await Assertions.Expect(stalePersona.Locator("[data-testid='memory-conflict']")).ToContainTextAsync("changed while you were editing it");
        await Assertions.Expect(stalePersona.Locator("[data-testid='memory-current']")).ToHaveTextAsync(personaText);
        Assert.Equal(staleText, await stalePersona.Locator(MemoryEditor).InputValueAsync());
        await second.ScreenshotAsync("persona-conflict");
        await stalePersona.Locator("[data-testid='memory-cancel']").ClickAsync();
        await Assertions.Expect(stalePersona.Locator("[data-testid='memory-value']")).ToHaveTextAsync(personaText);

        // Add an archival passage; it shows who added it, from where and when.
        const string passage = "The quarterly review is on the first Monday of December.";
        await user.Field("archival-new").FillAsync(passage);
        await user.ByTestId("archival-add").ClickAsync();
        var added = user.ByTestId("archival-passage").Filter(new LocatorFilterOptions { HasText = passage });
        await Assertions.Expect(added).ToHaveCountAsync(1);
        await Assertions.Expect(added.Locator("[data-testid='archival-provenance']")).ToContainTextAsync($"Added by {email} via web");
        await Assertions.Expect(added.Locator("[data-testid='archival-provenance']")).ToContainTextAsync("UTC");
        await user.ScreenshotAsync("archival-added");

        // Search finds it again from the node.
        await user.Field("archival-query").FillAsync("quarterly");
        await user.ByTestId("archival-search").ClickAsync();
        await Assertions.Expect(user.ByTestId("archival-passage")).ToHaveCountAsync(1);
        await Assertions.Expect(user.ByTestId("archival-passage")).ToContainTextAsync(passage);
        await user.ScreenshotAsync("archival-search");
    }
}

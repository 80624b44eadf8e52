using DeepSync.Tests.Support;
using Microsoft.Playwright;

namespace DeepSync.Tests.Browser;

/// <summary>One person's browser tab in a journey: navigation that waits for the live circuit, and numbered screenshots.</summary>
public sealed class JourneyPage(IPage page, string baseUrl, string journey, string who) : IAsyncDisposable
{
    // One numbering per journey across everyone's tabs, so the files sort in the order things happened.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Shots = new();

    /// <summary>Where every journey's screenshots go (git-ignored; CI keeps the folder).</summary>
    public static string ScreenshotRoot => Path.Combine(RepoPaths.Root, "test-results", "screenshots");

    public IPage Page => page;

    public static async Task<JourneyPage> OpenAsync(IBrowser browser, string baseUrl, string journey, string who, int width = 1280, int height = 860)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = baseUrl });
        // Waits, not sleeps: on a loaded 2-core machine a Blazor round trip can take seconds, so actions and
        // expectations wait up to 30 s for their condition; a healthy run never comes near it.
        context.SetDefaultTimeout(30_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await context.NewPageAsync();
        return new JourneyPage(page, baseUrl, journey, who);
    }

    public async Task GoToAsync(string path)
    {
        await page.GotoAsync(baseUrl + path);
    }

    /// <summary>Waits until the Blazor circuit renders the page, so clicks reach server code.</summary>
    public async Task InteractiveAsync() =>
        await page.Locator("[data-testid='circuit'][data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public ILocator ByTestId(string id) => page.Locator($"[data-testid='{id}']");

    /// <summary>The input inside a MudBlazor field carrying <paramref name="id"/>.</summary>
    public ILocator Field(string id) => page.Locator($"[data-testid='{id}'] input, [data-testid='{id}'] textarea, input[data-testid='{id}'], textarea[data-testid='{id}']").First;

    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(ScreenshotRoot, journey);
        var shot = Shots.AddOrUpdate(journey, 1, (_, n) => n + 1);
        if (shot == 1 && Directory.Exists(folder))
        {
            // A fresh run replaces the journey's earlier pictures, so the folder never mixes runs.
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{shot:00}-{who}-{name}.png"), FullPage = true });
    }

    public async Task SignInAsync(string email, string password)
    {
        await GoToAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid='sign-in']");
        await page.WaitForURLAsync(baseUrl + "/");
        await InteractiveAsync();
    }

    public async ValueTask DisposeAsync() => await page.Context.CloseAsync();
}

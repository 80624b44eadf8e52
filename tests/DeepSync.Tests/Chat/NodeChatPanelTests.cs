using System.Security.Claims;
using Bunit;
using DeepSync.Conversations;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Tests.Support;
using DeepSync.Web.Conversations;
using DeepSync.Web.Application.Conversations;
using DeepSync.Web.Application.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace DeepSync.Tests.Chat;

/// <summary>
/// The Chat tab rendered by bUnit against real node grains on the in-process test cluster (the same
/// grain code the dashboard runs, with the recording runtime that streams an echo).
/// </summary>
[Collection(GrainClusterCollection.Name)]
public sealed class NodeChatPanelTests(GrainClusterFixture fixture) : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private Guid _userId;
    private Actor _owner = default!;
    private Guid _nodeId;
    private Bunit.TestDoubles.BunitAuthorizationContext _auth = default!;

    public async Task InitializeAsync()
    {
        (_userId, _, var subscription) = await Users.NewAsync(fixture.Grains);
        _owner = Actor.ForUser(_userId, "ada@example.test");
        _nodeId = subscription.NodeIds[0];

        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(fixture.Grains);
        _context.Services.AddSingleton<ConversationService>();
        _context.Services.AddSingleton<NodeCommands>();
        _context.Services.AddScoped(sp => new NodeWatch(fixture.Grains, NullLogger<NodeWatch>.Instance));
        _auth = _context.AddAuthorization();
        _auth.SetAuthorized("ada@example.test");
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _userId.ToString()), new Claim(ClaimTypes.Email, "ada@example.test"));

        // Rendered as on a live circuit (the panel subscribes only when interactive); this builds the renderer, so it comes last.
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private ITeammateNodeGrain Node => fixture.Grains.GetGrain<ITeammateNodeGrain>(_nodeId);

    private async Task LaunchAsync()
    {
        await Node.Launch(_owner);
        await Eventually.Until(() => Node.Get(_owner), n => n.Lifecycle == NodeLifecycle.Running);
    }

    private IRenderedComponent<NodeChatPanel> RenderPanel()
    {
        var panel = _context.Render<NodeChatPanel>(p => p.Add(c => c.NodeId, _nodeId));
        // The first subscription of a run also warms the cluster up, so it gets more than bUnit's default second.
        panel.WaitForAssertion(() => Assert.Equal("true", panel.Find("[data-testid='chat-panel']").GetAttribute("data-live")), TimeSpan.FromSeconds(10));
        return panel;
    }

    // MudBlazor puts the test id on the textarea itself.
    private const string ChatInput = "textarea[data-testid='chat-input'], [data-testid='chat-input'] textarea";

    // Waits for the counter to show the new length: the send button reads the draft the render bound.
    private static void Type(IRenderedComponent<NodeChatPanel> panel, string text)
    {
        panel.Find(ChatInput).Input(text);
        if (text.Length <= 8_000)
        {
            panel.WaitForAssertion(() => Assert.Contains($"{text.Length:N0} / 8,000 characters", panel.Markup), TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void The_counter_states_the_limit_and_an_overlong_message_is_not_sent()
    {
        var panel = RenderPanel();
        Assert.Equal("8000", panel.Find("[data-testid='chat-counter']").GetAttribute("data-max"));
        Assert.Contains("0 / 8,000 characters", panel.Markup);

        Type(panel, new string('a', 8_000));
        panel.WaitForAssertion(() => Assert.Contains("8,000 / 8,000 characters", panel.Markup), TimeSpan.FromSeconds(5));
        Assert.False(panel.Find("[data-testid='chat-send']").HasAttribute("disabled"));

        Type(panel, new string('a', 8_001));
        panel.WaitForAssertion(() => Assert.Contains("A message can be at most 8,000 characters; this one has 8,001.", panel.Markup), TimeSpan.FromSeconds(5));
        Assert.True(panel.Find("[data-testid='chat-send']").HasAttribute("disabled"));
    }

    [Fact]
    public void A_node_that_is_not_running_refuses_with_a_launch_hint_and_the_text_is_kept()
    {
        var panel = RenderPanel();
        Type(panel, "are you up?");
        panel.Find("[data-testid='chat-send']").Click();

        panel.WaitForAssertion(() => Assert.Contains("launch it first. Use Launch above to start Alpha-1", panel.Find("[data-testid='chat-error']").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(panel.FindAll("[data-testid='chat-exchange']"));
        Assert.Equal("are you up?", panel.Find(ChatInput).GetAttribute("value"));
    }

    [Fact]
    public async Task A_suspended_node_refuses_and_nothing_is_queued()
    {
        await LaunchAsync();
        await Node.Suspend(_owner, SuspensionReason.OwnerRequest, "testing the chat refusal");
        var panel = RenderPanel();
        Type(panel, "hello?");
        panel.Find("[data-testid='chat-send']").Click();

        panel.WaitForAssertion(() => Assert.Contains("Alpha-1 is suspended, so nothing reaches it. Your message was not sent.", panel.Find("[data-testid='chat-error']").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(await Node.GetQueue(_owner));
        Assert.Empty(panel.FindAll("[data-testid='chat-exchange']"));
    }

    [Fact]
    public async Task A_sent_message_shows_at_once_and_the_streamed_reply_follows_with_markdown_kept_safe()
    {
        await LaunchAsync();
        var panel = RenderPanel();
        Type(panel, "**hi** <script>alert(1)</script>");
        panel.Find("[data-testid='chat-send']").Click();

        panel.WaitForAssertion(() =>
        {
            var reply = panel.Find("[data-testid='chat-reply-text']");
            Assert.Contains("echo:", reply.TextContent);
            Assert.Equal("answered", panel.Find("[data-testid='chat-exchange']").GetAttribute("data-status"));
        }, TimeSpan.FromSeconds(10));
        var user = panel.Find("[data-testid='chat-user-message']");
        Assert.Contains("<strong>hi</strong>", user.InnerHtml);

        // Without a chosen display name the message is signed with the e-mail's local part, never the address.
        Assert.StartsWith("ada ·", user.QuerySelector(".mud-typography-caption")!.TextContent.Trim());
        Assert.DoesNotContain("ada@example.test", user.TextContent);
        Assert.Empty(panel.FindAll("script"));
        Assert.Contains("<script>alert(1)</script>", panel.Find("[data-testid='chat-reply-text']").TextContent);

        var transcript = await Node.GetTranscript(_owner, "web", null, 10);
        Assert.Equal([TranscriptRole.User, TranscriptRole.Assistant], transcript.Entries.Select(e => e.Role));
        Assert.Equal("ada", transcript.Entries[0].Sender);

        // A new panel (a reload, or another tab) reads the same conversation from history.
        var again = RenderPanel();
        again.WaitForAssertion(() => Assert.Contains("echo:", again.Find("[data-testid='chat-reply-text']").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_message_is_signed_with_the_display_name_the_person_chose()
    {
        _auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, _userId.ToString()),
            new Claim(ClaimTypes.Email, "ada@example.test"),
            new Claim(DeepSync.Web.Application.People.PersonName.DisplayNameClaim, "Ada Lovelace"));
        await LaunchAsync();
        var panel = RenderPanel();
        Type(panel, "sign this");
        panel.Find("[data-testid='chat-send']").Click();

        panel.WaitForAssertion(() => Assert.Equal("answered", panel.Find("[data-testid='chat-exchange']").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        Assert.StartsWith("Ada Lovelace ·", panel.Find("[data-testid='chat-user-message'] .mud-typography-caption").TextContent.Trim());
        Assert.Equal("Ada Lovelace", (await Node.GetTranscript(_owner, "web", null, 10)).Entries[0].Sender);
    }

    [Fact]
    public void Events_out_of_order_render_the_highest_sequence_text_with_the_typing_indicator_until_completed()
    {
        var panel = RenderPanel();
        var watch = _context.Services.GetRequiredService<NodeWatch>();
        INodeObserver observer = watch;
        var at = DateTimeOffset.UtcNow;
        ChatEvent Event(ChatEventKind kind, long sequence, string? text) => new(_nodeId, "web", "other-tab", kind, text, kind == ChatEventKind.Queued ? "ada@example.test" : null, at, sequence);

        observer.OnChatEvent(Event(ChatEventKind.Delta, 103, "The answer is **42**"));
        observer.OnChatEvent(Event(ChatEventKind.Queued, 100, "What is the answer?"));
        observer.OnChatEvent(Event(ChatEventKind.Delta, 102, "The answer"));
        observer.OnChatEvent(Event(ChatEventKind.Started, 101, null));

        panel.WaitForAssertion(() =>
        {
            Assert.Equal("The answer is 42", panel.Find("[data-testid='chat-reply-text']").TextContent.Trim());
            Assert.NotEmpty(panel.FindAll("[data-testid='chat-typing']"));
            Assert.Contains("What is the answer?", panel.Find("[data-testid='chat-user-message']").TextContent);
        }, TimeSpan.FromSeconds(10));

        observer.OnChatEvent(Event(ChatEventKind.Completed, 105, "The answer is **42**."));
        observer.OnChatEvent(Event(ChatEventKind.Delta, 104, "The answer is **42** (stale)"));
        panel.WaitForAssertion(() =>
        {
            Assert.Equal("The answer is 42.", panel.Find("[data-testid='chat-reply-text']").TextContent.Trim());
            Assert.Empty(panel.FindAll("[data-testid='chat-typing']"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Offline_and_waking_up_are_shown_on_the_message()
    {
        var panel = RenderPanel();
        INodeObserver observer = _context.Services.GetRequiredService<NodeWatch>();
        var at = DateTimeOffset.UtcNow;
        observer.OnChatEvent(new ChatEvent(_nodeId, "web", "k-off", ChatEventKind.Queued, "ping", "ada@example.test", at, 10));
        observer.OnChatEvent(new ChatEvent(_nodeId, "web", "k-off", ChatEventKind.RuntimeOffline, "Alpha-1 is offline — message queued.", null, at, 11));
        panel.WaitForAssertion(() => Assert.Contains("teammate offline — message queued", panel.Find("[data-testid='chat-note']").TextContent), TimeSpan.FromSeconds(10));

        observer.OnChatEvent(new ChatEvent(_nodeId, "web", "k-off", ChatEventKind.WakingUp, null, null, at, 12));
        panel.WaitForAssertion(() => Assert.Contains("waking up", panel.Find("[data-testid='chat-user-message']").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task History_opens_on_the_newest_page_and_scrolls_back_on_request()
    {
        await LaunchAsync();
        for (var i = 1; i <= 3; i++)
        {
            await Node.SendMessage(_owner, new NodeMessage("web", "ada@example.test", $"message {i}", $"history-{i}"));
        }

        var panel = _context.Render<NodeChatPanel>(p => p.Add(c => c.NodeId, _nodeId).Add(c => c.PageSize, 2));
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid='chat-exchange']")), TimeSpan.FromSeconds(10));
        Assert.Contains("echo: message 3", panel.Find("[data-testid='chat-reply-text']").TextContent);

        panel.Find("[data-testid='chat-load-earlier']").Click();
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid='chat-exchange']").Count), TimeSpan.FromSeconds(10));
        panel.Find("[data-testid='chat-load-earlier']").Click();
        panel.WaitForAssertion(() =>
        {
            Assert.Equal(["history-1", "history-2", "history-3"], panel.FindAll("[data-testid='chat-exchange']").Select(e => e.GetAttribute("data-key")));
            Assert.Empty(panel.FindAll("[data-testid='chat-load-earlier']"));
        }, TimeSpan.FromSeconds(10));
    }
}

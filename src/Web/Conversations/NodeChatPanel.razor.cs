using DeepSync.Conversations;
using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Text;
using DeepSync.Web.Accounts;
using DeepSync.Web.Application.Conversations;
using DeepSync.Web.Application.Nodes;
using DeepSync.Web.Application.People;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace DeepSync.Web.Conversations;

/// <summary>
/// The node page's Chat tab: the owner's conversation with one teammate over the <c>web</c> channel.
/// Messages are posted (stored by the node before it answers) and the reply arrives as live events,
/// so a reload, a second tab or a slow runtime never loses a message.
/// </summary>
public sealed partial class NodeChatPanel
{
    /// <summary>The channel this chat speaks on; Telegram and voice threads stay apart.</summary>
    public const string WebChannel = "web";

    /// <summary>The longest message the node accepts (the node enforces it too).</summary>
    public static int MaxLength => InputLimits.Message;

    private readonly ChatThread _thread = new(WebChannel);
    private Actor _actor = default!;
    private string _senderName = string.Empty;
    private long? _nextBefore;
    private bool _loaded;
    private bool _loadingEarlier;
    private bool _listening;
    private bool _sending;
    private string? _loadError;
    private string? _sendError;
    private IDisposable? _listener;
    private (string Key, string Text)? _unconfirmed;
    private Guid _loadedNode;

    [Inject]
    private ConversationService Conversation { get; set; } = default!;

    [Inject]
    private NodeCommands Nodes { get; set; } = default!;

    [Inject]
    private NodeWatch Watch { get; set; } = default!;

    [Inject]
    private ILogger<NodeChatPanel> Logger { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    /// <summary>The node to chat with.</summary>
    [Parameter, EditorRequired]
    public Guid NodeId { get; set; }

    /// <summary>History lines read per page (the newest page first, then further back on request).</summary>
    [Parameter]
    public int PageSize { get; set; } = 50;

    /// <summary>The teammate's name as the chat shows it (read from the node).</summary>
    public string NodeName { get; private set; } = "Your teammate";

    /// <summary>What the user is typing.</summary>
    public string Draft { get; set; } = string.Empty;

    private int DraftLength => Draft?.Length ?? 0;

    private bool IsTooLong => DraftLength > MaxLength;

    private bool CanSend => !_sending && !IsTooLong && !string.IsNullOrWhiteSpace(Draft);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedNode == NodeId)
        {
            return;
        }

        _loadedNode = NodeId;
        var user = (await Authentication).User;
        _actor = user.UserActor();

        // Others in the conversation read the name the person chose, never their e-mail address.
        _senderName = user.DisplayName();
        try
        {
            NodeName = (await Nodes.GetAsync(_actor, NodeId)).Profile.Name;
        }
        catch (DeepSyncException ex)
        {
            _loadError = ex.Message;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Observers only make sense on a live circuit (not while prerendering).
        if (!firstRender || !RendererInfo.IsInteractive || _loadError is not null)
        {
            return;
        }

        try
        {
            // Listen before reading history: an event that races the read is then merged, not lost.
            _listener = await new NodeChatFeed(Watch).ListenAsync(NodeId, _actor, OnChatEvent, OnNodeChanged);
            _listening = true;
            var page = await Conversation.HistoryAsync(_actor, NodeId, WebChannel, null, PageSize);
            var queue = await Conversation.QueueAsync(_actor, NodeId);
            _thread.AddHistory(page.Entries);
            _thread.AddQueue(queue);
            _nextBefore = page.NextBefore;
        }
        catch (DeepSyncException ex)
        {
            _loadError = ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "Loading the chat of node {NodeId} failed", NodeId);
            _loadError = "The conversation could not be loaded right now; reload the page to try again.";
        }

        _loaded = true;
        StateHasChanged();
    }

    private async Task LoadEarlierAsync()
    {
        if (_nextBefore is not { } before)
        {
            return;
        }

        _loadingEarlier = true;
        try
        {
            var page = await Conversation.HistoryAsync(_actor, NodeId, WebChannel, before, PageSize);
            _thread.AddHistory(page.Entries);
            _nextBefore = page.NextBefore;
        }
        catch (DeepSyncException ex)
        {
            _loadError = ex.Message;
        }
        finally
        {
            _loadingEarlier = false;
        }
    }

    private async Task SendAsync()
    {
        if (!CanSend)
        {
            if (IsTooLong)
            {
                _sendError = ChatRefusal.TooLong(DraftLength, MaxLength);
            }

            return;
        }

        var text = Draft;

        // After a lost answer the node may have stored the message: sending the same text again reuses
        // its key, so the node answers it once.
        var key = _unconfirmed is { } earlier && earlier.Text == text ? earlier.Key : Guid.NewGuid().ToString("N");
        _unconfirmed = null;
        _sending = true;
        _sendError = null;

        // Shown at once as queued; the node's events (to every tab, this one included) take it from there.
        _thread.AddOutgoing(key, _senderName, text, DateTimeOffset.UtcNow);
        Draft = string.Empty;
        StateHasChanged();
        try
        {
            var receipt = await Conversation.PostAsync(_actor, NodeId, new NodeMessage(WebChannel, _senderName, text, key));
            if (receipt.Duplicate)
            {
                // The node had it already (a retry after a lost answer); its events may be over, so read its state back.
                _thread.AddHistory((await Conversation.HistoryAsync(_actor, NodeId, WebChannel, null, PageSize)).Entries);
            }
        }
        catch (DeepSyncException ex)
        {
            // Refused before anything was stored: take the message back and give the text back to edit.
            _thread.Remove(key);
            Draft = text;
            _sendError = ChatRefusal.Describe(ex, NodeName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unknown whether the node stored it; the same key can be posted again without doubling it.
            Logger.LogWarning(ex, "Posting to node {NodeId} failed", NodeId);
            _thread.Remove(key);
            Draft = text;
            _unconfirmed = (key, text);
            _sendError = "The message could not be handed to the teammate; check your connection and send it again.";
        }
        finally
        {
            _sending = false;
        }
    }

    private void OnChatEvent(ChatEvent chatEvent) =>
        _ = InvokeAsync(() =>
        {
            if (_thread.Apply(chatEvent))
            {
                StateHasChanged();
            }
        });

    private void OnNodeChanged(NodeChange change) =>
        _ = InvokeAsync(() =>
        {
            if (change.Snapshot.Profile.Name != NodeName)
            {
                NodeName = change.Snapshot.Profile.Name;
                StateHasChanged();
            }
        });

    private static string StatusLabel(ChatExchange exchange) => exchange.Status switch
    {
        ExchangeStatus.Queued => "· queued",
        ExchangeStatus.WakingUp => "· waking up the teammate…",
        ExchangeStatus.Offline => "· queued (teammate offline)",
        ExchangeStatus.Typing or ExchangeStatus.Streaming => "· delivered",
        ExchangeStatus.Answered => "· answered",
        ExchangeStatus.Failed => "· not answered",
        ExchangeStatus.Cancelled => "· cancelled by a suspension",
        ExchangeStatus.Unanswered => "· no reply",
        _ => string.Empty,
    };

    private string NoteText(ChatExchange exchange) => exchange.Status == ExchangeStatus.Offline
        ? "teammate offline — message queued; it is delivered when the teammate is back."
        : $"{NodeName} could not answer: {exchange.Note}";

    public ValueTask DisposeAsync()
    {
        _listener?.Dispose();
        _listener = null;
        return ValueTask.CompletedTask;
    }
}

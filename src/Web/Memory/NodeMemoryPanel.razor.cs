using DeepSync.Errors;
using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Memory;
using DeepSync.Text;
using DeepSync.Web.Accounts;
using DeepSync.Web.Application.Memory;
using DeepSync.Web.Application.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;

namespace DeepSync.Web.Memory;

/// <summary>
/// The node page's Memory tab (DeepVault): the agent's core memory blocks, edited against the version
/// the editor started from so that a concurrent change is never overwritten unnoticed, and its archival
/// passages with their provenance.
/// </summary>
public sealed partial class NodeMemoryPanel
{
    /// <summary>Passages shown per search.</summary>
    public const int SearchLimit = 50;

    /// <summary>The longest memory text the node accepts from the dashboard.</summary>
    public static int MaxText => InputLimits.MemoryText;

    private Actor _actor = default!;
    private Guid _loadedNode;
    private IReadOnlyList<CoreMemoryBlock>? _blocks;
    private List<ArchivalMemoryItem>? _passages;
    private string? _error;
    private string? _editing;
    private string _draft = string.Empty;
    private string? _editVersion;
    private string? _conflict;
    private string _query = string.Empty;
    private string? _searched;
    private string _newPassage = string.Empty;
    private string? _confirmDelete;
    private bool _busy;

    [Inject]
    private MemoryService Memory { get; set; } = default!;

    [Inject]
    private NodeCommands Nodes { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    /// <summary>The node whose memory is shown.</summary>
    [Parameter, EditorRequired]
    public Guid NodeId { get; set; }

    /// <summary>The teammate's name as the tab shows it (read from the node).</summary>
    public string NodeName { get; private set; } = "Your teammate";

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedNode == NodeId)
        {
            return;
        }

        _loadedNode = NodeId;
        _actor = (await Authentication).User.UserActor();
        _blocks = null;
        _passages = null;
        _editing = null;
        await RunAsync(async () => NodeName = (await Nodes.GetAsync(_actor, NodeId)).Profile.Name);
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        _error = null;
        if (await RunAsync(async () => _blocks = await Memory.CoreAsync(_actor, NodeId)))
        {
            await RunAsync(async () => _passages = [.. await Memory.SearchAsync(_actor, NodeId, _searched, SearchLimit)]);
        }
    }

    private void StartEdit(CoreMemoryBlock block)
    {
        _editing = block.Label;
        _draft = block.Value;
        _editVersion = block.Version;
        _conflict = null;
    }

    private void CancelEdit()
    {
        _editing = null;
        _conflict = null;
    }

    private int? DraftLimit(CoreMemoryBlock block) => block.Limit is { } limit ? Math.Min(limit, MaxText) : null;

    private async Task SaveAsync(CoreMemoryBlock block)
    {
        _busy = true;
        try
        {
            var updated = await Memory.UpdateCoreAsync(_actor, NodeId, block.Label, _draft, _editVersion ?? block.Version);
            _blocks = _blocks!.Select(b => b.Label == updated.Label ? updated : b).ToList();
            _editing = null;
            _conflict = null;
            _error = null;
        }
        catch (DeepSyncException ex) when (ex.Code == DeepSyncError.Conflict)
        {
            // Keep the user's text and the editor open; show the value that won and edit against it from now on.
            _conflict = MemoryRefusal.Conflict(block.Label);
            await RunAsync(async () => _blocks = await Memory.CoreAsync(_actor, NodeId));
            _editVersion = _blocks?.FirstOrDefault(b => b.Label == block.Label)?.Version ?? _editVersion;
        }
        catch (DeepSyncException ex)
        {
            _error = MemoryRefusal.Describe(ex, NodeName);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SearchOnEnterAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            await SearchAsync();
        }
    }

    private async Task SearchAsync()
    {
        _busy = true;
        var query = string.IsNullOrWhiteSpace(_query) ? null : _query.Trim();
        if (await RunAsync(async () => _passages = [.. await Memory.SearchAsync(_actor, NodeId, query, SearchLimit)]))
        {
            _searched = query;
        }

        _busy = false;
    }

    private async Task AddAsync()
    {
        _busy = true;
        var text = _newPassage;
        if (await RunAsync(async () =>
            {
                var added = await Memory.AddAsync(_actor, NodeId, text, "web");
                _passages ??= [];
                _passages.RemoveAll(p => p.Id == added.Id);
                _passages.Insert(0, added);
            }))
        {
            _newPassage = string.Empty;
        }

        _busy = false;
    }

    private async Task DeleteAsync(ArchivalMemoryItem passage)
    {
        _busy = true;
        if (await RunAsync(() => Memory.DeleteAsync(_actor, NodeId, passage.Id)))
        {
            _passages?.RemoveAll(p => p.Id == passage.Id);
        }

        _confirmDelete = null;
        _busy = false;
    }

    /// <summary>Runs a node call, turning a refusal into the tab's message; returns whether it succeeded.</summary>
    private async Task<bool> RunAsync(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (DeepSyncException ex)
        {
            _error = MemoryRefusal.Describe(ex, NodeName);
            return false;
        }
    }
}

using DeepSync.Fleet;
using DeepSync.Governance;

namespace DeepSync.Web.Application.Nodes;

/// <summary>
/// One circuit's live view of nodes: a grain observer subscribed to each node the open pages show,
/// renewed on a heartbeat shorter than <see cref="ITeammateNodeGrain.ObserverLifetime"/> (the grain
/// forgets silent observers), and unsubscribed when the circuit ends.
/// </summary>
public sealed class NodeWatch(IGrainFactory grains, ILogger<NodeWatch> logger) : INodeObserver, IAsyncDisposable
{
    private readonly Dictionary<Guid, Actor> _watched = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private INodeObserver? _reference;
    private Task? _heartbeat;

    /// <summary>Raised on an Orleans thread for every committed change of a watched node.</summary>
    public event Action<NodeChange>? Changed;

    /// <summary>How often subscriptions are renewed: well inside the grain's observer lifetime.</summary>
    public static TimeSpan Heartbeat => ITeammateNodeGrain.ObserverLifetime / 3;

    public async Task WatchAsync(Guid nodeId, Actor actor)
    {
        INodeObserver reference;
        lock (_gate)
        {
            _reference ??= grains.CreateObjectReference<INodeObserver>(this);
            reference = _reference;
            _watched[nodeId] = actor;
            _heartbeat ??= RenewLoopAsync(_stopping.Token);
        }

        await grains.GetGrain<ITeammateNodeGrain>(nodeId).Subscribe(actor, reference);
    }

    public async Task UnwatchAsync(Guid nodeId)
    {
        INodeObserver? reference;
        lock (_gate)
        {
            if (!_watched.Remove(nodeId))
            {
                return;
            }

            reference = _reference;
        }

        if (reference is not null)
        {
            await TryAsync(() => grains.GetGrain<ITeammateNodeGrain>(nodeId).Unsubscribe(reference), nodeId);
        }
    }

    /// <summary>Raised for conversation events of a watched node (for the chat tab).</summary>
    public event Action<DeepSync.Conversations.ChatEvent>? ChatEventReceived;

    void INodeObserver.OnNodeChanged(NodeChange change) => Changed?.Invoke(change);

    void INodeObserver.OnChatEvent(DeepSync.Conversations.ChatEvent chatEvent) => ChatEventReceived?.Invoke(chatEvent);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        List<Guid> nodes;
        INodeObserver? reference;
        lock (_gate)
        {
            nodes = [.. _watched.Keys];
            _watched.Clear();
            reference = _reference;
            _reference = null;
        }

        if (reference is not null)
        {
            foreach (var nodeId in nodes)
            {
                await TryAsync(() => grains.GetGrain<ITeammateNodeGrain>(nodeId).Unsubscribe(reference), nodeId);
            }

            grains.DeleteObjectReference<INodeObserver>(reference);
        }

        _stopping.Dispose();
    }

    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                List<KeyValuePair<Guid, Actor>> watched;
                INodeObserver? reference;
                lock (_gate)
                {
                    watched = [.. _watched];
                    reference = _reference;
                }

                if (reference is null)
                {
                    continue;
                }

                foreach (var (nodeId, actor) in watched)
                {
                    await TryAsync(() => grains.GetGrain<ITeammateNodeGrain>(nodeId).Subscribe(actor, reference), nodeId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TryAsync(Func<Task> call, Guid nodeId)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missed renewal is retried on the next beat; the page keeps its last known state.
            logger.LogDebug(ex, "Renewing the observer of node {NodeId} failed", nodeId);
        }
    }
}

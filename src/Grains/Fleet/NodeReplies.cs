using DeepSync.Conversations;

namespace DeepSync.Fleet;

/// <summary>
/// Replies already given and callers still waiting for one. A retried message is answered from this
/// activation's memory or, after a restart, from the transcript store, so replies never sit in grain state.
/// </summary>
public sealed class NodeReplies(Guid nodeId, ITranscriptStore transcripts)
{
    private const int RecentLimit = 256;

    private readonly Dictionary<string, TaskCompletionSource<NodeReply>> _waiters = [];

    // Replies of this activation, newest last, so a retry is answered without a database read.
    private readonly Dictionary<string, NodeReply> _recent = [];
    private readonly Queue<string> _recentOrder = new();

    /// <summary>Replies the runtime gave whose transcript line is not written yet (the database was away).</summary>
    public Dictionary<string, NodeReply> Unrecorded { get; } = [];

    /// <summary>The reply already given to this key: from this activation, else from the transcript store.</summary>
    public async Task<NodeReply?> FindAsync(string key)
    {
        if (_recent.TryGetValue(key, out var reply))
        {
            return reply;
        }

        var recorded = await transcripts.FindReplyAsync(nodeId, key);
        return recorded is null ? null : Remember(new NodeReply(key, recorded.Text, recorded.At));
    }

    public NodeReply Remember(NodeReply reply)
    {
        if (_recent.TryAdd(reply.IdempotencyKey, reply))
        {
            _recentOrder.Enqueue(reply.IdempotencyKey);
            while (_recentOrder.Count > RecentLimit)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }

        return reply;
    }

    /// <summary>The task a caller of SendMessage waits on (shared by retries of the same key).</summary>
    public Task<NodeReply> WaitFor(string key)
    {
        if (!_waiters.TryGetValue(key, out var waiter))
        {
            waiter = new TaskCompletionSource<NodeReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters[key] = waiter;
        }

        return waiter.Task;
    }

    public void Forget(string key) => _waiters.Remove(key);

    public void Complete(string key, NodeReply? reply, Exception? error)
    {
        if (_waiters.Remove(key, out var waiter))
        {
            if (reply is not null)
            {
                waiter.TrySetResult(reply);
            }
            else
            {
                waiter.TrySetException(error!);
            }
        }
    }

    public void FailAll(Exception error)
    {
        foreach (var waiter in _waiters.Values)
        {
            waiter.TrySetException(error);
        }

        _waiters.Clear();
    }
}

using DeepSync.Fleet;

namespace DeepSync.Benchmarks.Echo;

public sealed class CostProbeGrain(
    [PersistentState("cost-probe", StorageNames.Provider)] IPersistentState<TeammateNodeState> state) : Grain, ICostProbeGrain, IRemindable
{
    public async Task Remind() => await this.RegisterOrUpdateReminder("node-lifecycle", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public async Task Write(int queued)
    {
        var s = state.State;
        if (s.Queue.Count != queued)
        {
            // Shaped like a running node's state with `queued` messages waiting.
            s.Initialized = true;
            s.OwnerEmail = "bench@example.test";
            s.TierId = "starter";
            s.Profile = new NodeProfile("Alpha-1", "ALPHA-1", string.Empty, string.Empty);
            s.Lifecycle = NodeLifecycle.Running;
            s.AgentId = $"agent-{this.GetPrimaryKey():N}";
            s.Conversations["web"] = $"{s.AgentId}/web";
            s.Queue.Clear();
            for (var i = 0; i < queued; i++)
            {
                s.Queue.Add(new DeepSync.Conversations.QueuedMessage($"m{i + 100_000}", "web", "bench", "Roger?", DateTimeOffset.UtcNow));
            }
        }

        await state.WriteStateAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

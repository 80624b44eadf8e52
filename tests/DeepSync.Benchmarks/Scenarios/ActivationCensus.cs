namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// Counts activations through the management grain — the runtime's own view — so the memory figures
/// can show that exactly the intended activations existed when memory was sampled.
/// </summary>
public sealed class ActivationCensus(IManagementGrain management)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Task<int> TotalAsync() => management.GetTotalActivationCount();

    /// <summary>Activations of the given grain classes on the silo.</summary>
    public async Task<int> CountAsync(params Type[] grainClasses)
    {
        // The runtime names a grain class "Namespace.Type,Assembly".
        var names = grainClasses.Select(t => $"{t.FullName},{t.Assembly.GetName().Name}").ToHashSet();
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => names.Contains(s.GrainType)).Sum(s => s.ActivationCount);
    }

    /// <summary>
    /// Deactivates every idle activation and waits until none of <paramref name="grainClasses"/> is left.
    /// Keep-alive system grains (the memory storage grains among them) are exempt, so stored state
    /// survives. Collection completes asynchronously, hence the loop.
    /// </summary>
    public async Task CollectAllAsync(TimeSpan timeout, params Type[] grainClasses)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            var left = await CountAsync(grainClasses);
            if (left == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{left} activation(s) were still alive {timeout} after forcing collection.");
            }

            await Task.Delay(PollInterval);
        }
    }
}

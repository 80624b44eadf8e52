using System.Collections.Concurrent;

namespace DeepSync.Benchmarks.Hosting;

/// <summary>
/// Counts the grain calls the silo receives, by interface and method, while <see cref="Enabled"/>. The
/// message-path profile uses it to show what one message costs in calls: memory-storage writes,
/// reminder-table upserts, observer and other grain traffic. Switched off, it costs one branch per call.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public volatile bool Enabled;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (Enabled)
        {
            _counts.AddOrUpdate($"{ShortName(context.InterfaceName)}.{context.MethodName}", 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }

    /// <summary>Current counts; subtract two snapshots to get a slice's calls.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts);

    public static IReadOnlyDictionary<string, long> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Select(kv => (kv.Key, Value: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Value > 0)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    private static string ShortName(string interfaceName)
    {
        var generic = interfaceName.IndexOf('<');
        var name = generic < 0 ? interfaceName : interfaceName[..generic];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DeepSync.Tests.Railway;

namespace DeepSync.Benchmarks.KillSwitch;

/// <summary>
/// Maps the fake Railway's request log times (its own stopwatch, started when it was created) onto this
/// process's <see cref="Stopwatch"/> timestamps. Probes are sent and bracketed by timestamps; the probe
/// with the shortest round trip fixes the offset to within half that round trip (reported).
/// </summary>
public sealed class FakeRailwayClock
{
    private FakeRailwayClock(long offsetTicks, double uncertaintyMs)
    {
        OffsetTicks = offsetTicks;
        UncertaintyMs = uncertaintyMs;
    }

    /// <summary>Add to a fake log time (in ticks) to get a local <see cref="Stopwatch"/> timestamp.</summary>
    public long OffsetTicks { get; }

    /// <summary>Half the shortest probe round trip: how far off a converted time can be.</summary>
    public double UncertaintyMs { get; }

    public long ToLocalTimestamp(TimeSpan fakeTime) => (long)(fakeTime.TotalSeconds * Stopwatch.Frequency) + OffsetTicks;

    public static async Task<FakeRailwayClock> CalibrateAsync(FakeRailway fake, int probes = 50)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fake.Token);
        var brackets = new List<(string Name, long Before, long After)>();
        for (var i = 0; i < probes; i++)
        {
            // An unknown root field: the fake logs the request, then answers with a GraphQL error.
            var name = $"ClockProbe{i}";
            var before = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync(fake.Endpoint, new { query = $"query {name} {{ clockProbe }}", operationName = name });
            var after = Stopwatch.GetTimestamp();
            brackets.Add((name, before, after));
        }

        var log = fake.ReceivedFor("clockProbe").ToDictionary(r => r.OperationName!, r => r.At);
        var best = brackets.Where(b => log.ContainsKey(b.Name)).MinBy(b => b.After - b.Before);
        var fakeTicks = (long)(log[best.Name].TotalSeconds * Stopwatch.Frequency);
        var midpoint = best.Before + ((best.After - best.Before) / 2);
        return new FakeRailwayClock(midpoint - fakeTicks, (best.After - best.Before) / 2.0 / Stopwatch.Frequency * 1000);
    }
}

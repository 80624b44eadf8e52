using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>What the figures were measured on; they mean little without it.</summary>
public sealed record RunEnvironment(string Runtime, string Os, int ProcessorCount, bool ServerGc, string Orleans, DateTimeOffset StartedAt)
{
    public static RunEnvironment Capture() => new(
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        Environment.ProcessorCount,
        GCSettings.IsServerGC,
        OrleansVersion(),
        DateTimeOffset.UtcNow);

    // The informational version reads like "10.4.2. Commit Hash: ..." or "10.4.2+sha"; keep the number.
    private static string OrleansVersion() =>
        typeof(Grain).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split([' ', '+'])[0]
            .TrimEnd('.') ?? "unknown";
}

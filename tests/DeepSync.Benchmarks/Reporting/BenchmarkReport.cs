using System.Text.Json;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>Everything one run measured; written as JSON next to where the run was started.</summary>
public sealed record BenchmarkReport(string Mode, RunEnvironment Environment, MemoryReport Memory, ThroughputReport Throughput)
{
    public const string FileName = "benchmark-results.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes the report to <see cref="FileName"/> in the current directory and returns the full path.</summary>
    public async Task<string> WriteJsonAsync()
    {
        var path = Path.GetFullPath(FileName);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json);
        return path;
    }
}

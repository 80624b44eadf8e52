using System.Text.Json;
using System.Text.Json.Serialization;
using DeepSync.Benchmarks.KillSwitch;
using DeepSync.Benchmarks.Messages;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>
/// Everything one invocation measured, written to <see cref="BenchmarkReport.FileName"/>: the grain
/// scenario's report as before under <c>Grains</c>, and the message-path and kill-switch scenarios
/// beside it; a scenario that was not run is null.
/// </summary>
public sealed record BenchmarkResults(
    string Mode,
    RunEnvironment Environment,
    BenchmarkReport? Grains,
    MessagePathReport? Messages,
    KillSwitchReport? KillSwitch)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the results to <see cref="BenchmarkReport.FileName"/> in the current directory and returns the full path.</summary>
    public async Task<string> WriteJsonAsync()
    {
        var path = Path.GetFullPath(BenchmarkReport.FileName);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json);
        return path;
    }
}

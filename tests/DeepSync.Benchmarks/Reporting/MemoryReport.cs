using DeepSync.Benchmarks.Scenarios;

namespace DeepSync.Benchmarks.Reporting;

/// <summary>
/// Bytes per live activation for the node grain and the echo baseline, plus what activating the nodes
/// caused on the ports (activations re-publish what their stored state says is unpublished).
/// </summary>
public sealed record MemoryReport(
    ActivationMemorySample Node,
    ActivationMemorySample Echo,
    int TotalActivationsAfter,
    long LedgerAppendCallsDuringNodeActivation,
    long RepeatedLedgerEntriesDuringNodeActivation,
    long DirectoryUpsertsDuringNodeActivation)
{
    public const long TargetBytesPerNode = 10 * 1024;

    public long NodeOverEchoBytes => Node.BytesPerActivation - Echo.BytesPerActivation;

    public bool TargetMet => Node.BytesPerActivation < TargetBytesPerNode;
}

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>
/// The managed heap before and after activating <see cref="Activated"/> grains of one class, and how
/// many activations of that class the runtime reported as added.
/// </summary>
public sealed record ActivationMemorySample(string Grain, int Activated, int ActivationsAdded, long HeapBefore, long HeapAfter)
{
    public long BytesPerActivation => (HeapAfter - HeapBefore) / Activated;
}

namespace DeepSync.Benchmarks.Messages;

/// <summary>Size and length of the message-path scenario.</summary>
public sealed record MessagePathSettings(
    string Mode,
    int Nodes,
    int Concurrency,
    int PrefillPerNode,
    TimeSpan Warmup,
    TimeSpan Measure,
    TimeSpan Slice,
    int Rounds,
    TimeSpan ProfileSlice)
{
    /// <summary>
    /// Grain state serialized with System.Text.Json, as SiloHosting configures production silos; off, the
    /// memory storage's default serializer (what the grains scenario uses). <c>--default-serializer</c> turns it off.
    /// </summary>
    public bool ProductionStorageSerializer { get; init; } = true;

    /// <summary>
    /// 256 nodes, 64 senders (each owns 4 nodes, so no two senders queue on one node). Every node is first
    /// sent 256 messages, so what is measured is a node with history, not a fresh one.
    /// </summary>
    public static MessagePathSettings Full { get; } = new("full", 256, 64, 256, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(500), 3, TimeSpan.FromMilliseconds(500));

    public static MessagePathSettings Quick { get; } = new("quick", 64, 64, 32, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250), 2, TimeSpan.FromMilliseconds(250));
}

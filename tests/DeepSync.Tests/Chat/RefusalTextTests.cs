using DeepSync.Errors;
using DeepSync.Memory;
using DeepSync.Web.Conversations;
using DeepSync.Web.Memory;

namespace DeepSync.Tests.Chat;

/// <summary>The words the chat and memory tabs use for the node's refusals and for a passage's origin.</summary>
public sealed class RefusalTextTests
{
    [Fact]
    public void Memory_refusals_name_the_cause_and_what_to_do()
    {
        var unsupported = MemoryRefusal.Describe(new DeepSyncException(DeepSyncError.NotSupportedByRuntime, "The OpenAI-compatible runtime has no memory API."), "Alpha-1");
        Assert.Contains("Alpha-1's agent runtime does not expose its memory", unsupported);
        Assert.Contains("The OpenAI-compatible runtime has no memory API", unsupported);

        var notRunning = MemoryRefusal.Describe(new DeepSyncException(DeepSyncError.NodeNotRunning, "Alpha-1 has no agent yet; launch it first."), "Alpha-1");
        Assert.Equal("Alpha-1 has no agent yet; launch it first. Use Launch above; the memory appears once the agent exists.", notRunning);
        Assert.Contains("changed while you were editing it", MemoryRefusal.Conflict("persona"));
    }

    [Fact]
    public void Provenance_reads_channel_message_author_and_time_or_says_the_agent_added_it()
    {
        var at = new DateTimeOffset(2026, 11, 26, 3, 40, 0, TimeSpan.Zero);
        var byUser = new ArchivalMemoryItem("p1", "text", [], at, new Provenance("telegram", "0123456789abcdef", "ada@example.test", at));
        var byAgent = new ArchivalMemoryItem("p2", "text", [], at, null);

        Assert.Equal("Added by ada@example.test via telegram, message 0123456789ab… · 2026-11-26 03:40 UTC", ProvenanceText.Describe(byUser));
        Assert.Equal("Added by the agent · 2026-11-26 03:40 UTC", ProvenanceText.Describe(byAgent));
    }

    [Fact]
    public void Chat_refusals_for_validation_and_length_are_the_nodes_words()
    {
        Assert.Equal("A message needs text.", ChatRefusal.Describe(DeepSyncException.Validation("A message needs text."), "Alpha-1"));
        Assert.Equal("A message can be at most 8,000 characters; this one has 9,001. Shorten it or split it in two.", ChatRefusal.TooLong(9_001, 8_000));
    }
}

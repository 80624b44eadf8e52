using DeepSync.Agents;
using DeepSync.Silo.Agents.Offline;
using DeepSync.Tests.Support;

namespace DeepSync.Tests.Agents;

/// <summary>The runtime DeepSync uses when no agent API is configured.</summary>
public sealed class OfflineAgentRuntimeTests
{
    private readonly OfflineAgentRuntime _runtime = new();

    private async Task<string> AgentAsync(string persona = "I am Atlas, a research teammate.", string human = "Dana runs a design studio.") =>
        await _runtime.EnsureAgentAsync(new AgentSpec(Guid.NewGuid(), "Atlas", persona, human, null));

    private static async Task<List<AgentEvent>> Drain(IAsyncEnumerable<AgentEvent> events)
    {
        var list = new List<AgentEvent>();
        await foreach (var agentEvent in events)
        {
            list.Add(agentEvent);
        }

        return list;
    }

    [Fact]
    public async Task The_reply_says_in_the_users_terms_that_there_is_no_model_yet_and_who_can_connect_one_and_echoes_the_message()
    {
        var agentId = await AgentAsync();
        var conversationId = await _runtime.EnsureConversationAsync(agentId, "telegram", null);

        var events = await Drain(_runtime.SendAsync(new AgentMessage(agentId, conversationId, "dana", "Book the venue for Friday", "tg:1")));

        var deltas = events.OfType<AssistantTextDelta>().ToList();
        Assert.True(deltas.Count > 1, "the reply is streamed in pieces, like a real one");
        Assert.Equal(new StopEvent("end_turn"), events[^1]);
        var reply = string.Concat(deltas.Select(d => d.Text));
        Assert.Contains("don't have a model", reply);
        Assert.Contains("An operator", reply);
        Assert.Contains("\"Book the venue for Friday\"", reply);

        // Configuration is the operators' business (cluster page, README), never the chat's.
        Assert.DoesNotContain("DeepSync__", reply);
        Assert.DoesNotContain("restart", reply);
    }

    [Fact]
    public async Task The_same_message_always_gets_the_same_reply_and_long_messages_are_shortened()
    {
        var agentId = await AgentAsync();
        var message = new AgentMessage(agentId, "offline-conversation-web", "dana", new string('x', 5_000), "web:1");

        var first = await Drain(_runtime.SendAsync(message));
        var second = await Drain(_runtime.SendAsync(message with { IdempotencyKey = "web:2" }));

        Assert.Equal(first, second);
        Assert.True(string.Concat(first.OfType<AssistantTextDelta>().Select(d => d.Text)).Length < 1_000);
    }

    [Fact]
    public async Task Core_memory_starts_from_the_spec_and_keeps_edits_when_the_agent_is_ensured_again()
    {
        var nodeId = Guid.NewGuid();
        var agentId = await _runtime.EnsureAgentAsync(new AgentSpec(nodeId, "Atlas", "I am Atlas.", "Dana runs a studio.", null));

        var initial = await _runtime.GetCoreMemoryAsync(agentId);
        var edited = await _runtime.UpdateCoreMemoryAsync(agentId, "persona", "I am Atlas. I answer in one paragraph.");
        var again = await _runtime.EnsureAgentAsync(new AgentSpec(nodeId, "Atlas", "I am Atlas.", "Dana runs a studio.", agentId));
        var after = await _runtime.GetCoreMemoryAsync(agentId);

        Assert.Equal(["persona", "human"], initial.Select(b => b.Label));
        Assert.Equal("I am Atlas.", initial[0].Value);
        Assert.Equal("Dana runs a studio.", initial[1].Value);
        Assert.Equal("I am Atlas. I answer in one paragraph.", edited.Value);
        Assert.Equal(agentId, again);
        Assert.Equal("I am Atlas. I answer in one paragraph.", after.Single(b => b.Label == "persona").Value);
    }

    [Fact]
    public async Task Core_memory_refuses_unknown_blocks_and_values_over_the_limit()
    {
        var agentId = await AgentAsync();

        var unknown = await Assert.ThrowsAsync<AgentRuntimeException>(() => _runtime.UpdateCoreMemoryAsync(agentId, "secrets", "x"));
        var tooLong = await Assert.ThrowsAsync<AgentRuntimeException>(() => _runtime.UpdateCoreMemoryAsync(agentId, "human", new string('x', 5_001)));

        Assert.Contains("'persona' and 'human'", unknown.Message);
        Assert.Contains("5,000", tooLong.Message);
        Assert.False(unknown.Transient || tooLong.Transient);
    }

    [Fact]
    public async Task Archival_memory_is_listed_newest_first_found_by_case_insensitive_substring_and_deleted()
    {
        var clock = new ManualClock();
        var runtime = new OfflineAgentRuntime(clock);
        var agentId = await runtime.EnsureAgentAsync(new AgentSpec(Guid.NewGuid(), "Atlas", "", "", null));
        var lisbon = await runtime.InsertArchivalAsync(agentId, "Dana moved to Lisbon in May.", ["home"]);
        clock.Advance(TimeSpan.FromMinutes(1));
        var studio = await runtime.InsertArchivalAsync(agentId, "The studio opens at nine.", ["work"]);
        clock.Advance(TimeSpan.FromMinutes(1));
        var trip = await runtime.InsertArchivalAsync(agentId, "Trip to LISBON booked; Lisbon hotel confirmed.", []);

        var newest = await runtime.SearchArchivalAsync(agentId, null, 2);
        var found = await runtime.SearchArchivalAsync(agentId, "lisbon", 10);
        await runtime.DeleteArchivalAsync(agentId, lisbon.Id);
        await runtime.DeleteArchivalAsync(agentId, lisbon.Id); // deleting twice is harmless
        var afterDelete = await runtime.SearchArchivalAsync(agentId, "lisbon", 10);

        Assert.Equal([trip.Id, studio.Id], newest.Select(p => p.Id));
        Assert.Equal([trip.Id, lisbon.Id], found.Select(p => p.Id)); // two mentions rank first
        Assert.Equal([trip.Id], afterDelete.Select(p => p.Id));
        Assert.True(trip.CreatedAt - lisbon.CreatedAt >= TimeSpan.FromMinutes(2), "passages carry the time they were added");
        Assert.Equal(["home"], lisbon.Tags);
    }

    [Fact]
    public async Task Archival_memory_is_bounded_and_safe_under_concurrent_writes()
    {
        var agentId = await AgentAsync();

        var inserts = Enumerable.Range(0, 1_000).Select(i => Task.Run(() => _runtime.InsertArchivalAsync(agentId, $"note {i}", [])));
        var passages = await Task.WhenAll(inserts);
        var overflow = await Assert.ThrowsAsync<AgentRuntimeException>(() => _runtime.InsertArchivalAsync(agentId, "one too many", []));

        Assert.Equal(1_000, passages.Select(p => p.Id).Distinct().Count());
        Assert.Equal(1_000, (await _runtime.SearchArchivalAsync(agentId, "note", 5_000)).Count);
        Assert.Contains("at most 1,000 passages", overflow.Message);
    }

    [Fact]
    public async Task Deleting_the_agent_forgets_its_memory()
    {
        var agentId = await AgentAsync(persona: "I am Atlas.");
        await _runtime.InsertArchivalAsync(agentId, "Dana moved to Lisbon.", []);

        await _runtime.DeleteAgentAsync(agentId);

        Assert.Empty(await _runtime.SearchArchivalAsync(agentId, null, 10));
        Assert.All(await _runtime.GetCoreMemoryAsync(agentId), block => Assert.Equal(string.Empty, block.Value));
    }
}

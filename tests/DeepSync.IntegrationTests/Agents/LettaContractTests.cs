using DeepSync.Agents;
using DeepSync.Silo.Agents.Letta;

namespace DeepSync.Tests.Agents;

/// <summary>
/// Every non-streaming call the Letta adapter makes, sent to Prism serving Letta's published OpenAPI
/// document in <c>--errors</c> mode: a request the spec rejects comes back as a 4xx, which the adapter
/// turns into an <see cref="AgentRuntimeException"/>, so each of these tests fails on a contract break.
/// Prism answers with the spec's examples (ids such as <c>"string"</c>), so the tests check that calls
/// succeed and carry the answer through, not what a real agent would say.
/// </summary>
public sealed class LettaContractTests(PrismLetta prism) : IClassFixture<PrismLetta>, IDisposable
{
    private const string Key = "contract-test-key";

    private static readonly string AgentId = $"agent-{Guid.NewGuid()}";
    private static readonly string ConversationId = $"conv-{Guid.NewGuid()}";

    // Prism checks every request against a large document, which on a loaded machine can take longer
    // than the adapter's production timeout; timeouts have their own tests against the fake Letta.
    private static readonly TimeSpan ContractRequestTimeout = TimeSpan.FromSeconds(60);

    private readonly AgentRuntimeHost _host = AgentRuntimeHost.Letta(prism.BaseUrl, Key, ContractRequestTimeout);

    private IAgentRuntime Runtime => _host.Runtime;

    private LettaAgentRuntime Letta => _host.As<LettaAgentRuntime>();

    private static AgentSpec Spec(string? existingAgentId = null) =>
        new(Guid.NewGuid(), "Atlas", "I am Atlas, a careful research teammate.", "Dana runs a small design studio.", existingAgentId);

    [Fact]
    public async Task Creating_an_agent_sends_a_request_the_spec_accepts()
    {
        var agentId = await Run(() => Letta.CreateAgentAsync(Spec(), default));

        Assert.False(string.IsNullOrEmpty(agentId));
    }

    [Fact]
    public async Task Ensuring_an_agent_confirms_an_existing_one_and_adopts_one_already_tagged_for_the_node()
    {
        var existing = await Run(() => Runtime.EnsureAgentAsync(Spec(AgentId)));
        var adopted = await Run(() => Runtime.EnsureAgentAsync(Spec()));

        Assert.Equal(AgentId, existing);
        Assert.False(string.IsNullOrEmpty(adopted)); // the spec's example agent stands for the tagged one
    }

    [Fact]
    public async Task Opening_and_confirming_channel_conversations_send_requests_the_spec_accepts()
    {
        var created = await Run(() => Runtime.EnsureConversationAsync(AgentId, "telegram", null));
        var confirmed = await Run(() => Runtime.EnsureConversationAsync(AgentId, "web", ConversationId));

        Assert.False(string.IsNullOrEmpty(created));
        Assert.Equal(ConversationId, confirmed);
    }

    [Fact]
    public async Task Reading_and_editing_core_memory_send_requests_the_spec_accepts()
    {
        var blocks = await Run(() => Runtime.GetCoreMemoryAsync(AgentId));
        var updated = await Run(() => Runtime.UpdateCoreMemoryAsync(AgentId, "persona", "I am Atlas. I answer briefly."));

        Assert.NotEmpty(blocks);
        Assert.False(string.IsNullOrEmpty(updated.Label));
    }

    [Fact]
    public async Task Listing_searching_adding_and_deleting_archival_memory_send_requests_the_spec_accepts()
    {
        var newest = await Run(() => Runtime.SearchArchivalAsync(AgentId, null, 10));
        var found = await Run(() => Runtime.SearchArchivalAsync(AgentId, "design studio", 5));
        var added = await Run(() => Runtime.InsertArchivalAsync(AgentId, "Dana prefers morning meetings.", ["preferences", "calendar"]));
        await Run(() => Runtime.DeleteArchivalAsync(AgentId, added.Id));

        Assert.NotEmpty(newest);
        Assert.All(found, passage => Assert.False(string.IsNullOrEmpty(passage.Id)));
        Assert.False(string.IsNullOrEmpty(added.Id));
    }

    [Fact]
    public async Task Cancelling_a_run_and_deleting_the_agent_send_requests_the_spec_accepts()
    {
        await Run(() => Runtime.CancelAsync(AgentId, ConversationId));
        await Run(() => Runtime.CancelAsync(AgentId, "default"));
        await Run(() => Runtime.DeleteAgentAsync(AgentId));
    }

    [Fact]
    public async Task Looking_up_and_denying_a_pending_tool_approval_send_requests_the_spec_accepts()
    {
        await Run(() => Letta.FindPendingApprovalAsync(ConversationId, default));
        await Run(() => Letta.DenyApprovalAsync(ConversationId, new LettaPendingApproval("message-1", ["call-1", "call-2"], DateTimeOffset.UtcNow), default));
    }

    [Fact]
    public async Task Sending_a_message_is_accepted_but_without_a_stream_the_reply_is_reported_incomplete()
    {
        // Prism validates the send but has no event stream to give back: the adapter must call the
        // empty reply what it is (incomplete, retry later), not a rejection and not a finished answer.
        var message = new AgentMessage(AgentId, ConversationId, "dana", "What's on my calendar tomorrow?", $"web:{Guid.NewGuid():N}");
        var events = new List<AgentEvent>();
        var error = await Assert.ThrowsAsync<AgentRuntimeException>(async () =>
        {
            await foreach (var agentEvent in Runtime.SendAsync(message))
            {
                events.Add(agentEvent);
            }
        });

        Assert.True(error.Transient, $"{error.Message}\n{prism.Output}");
        Assert.Contains("incomplete", error.Message);
        Assert.DoesNotContain(events, e => e is StopEvent);
    }

    [Fact]
    public async Task A_request_the_spec_rejects_surfaces_as_a_failure_naming_the_rule()
    {
        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Runtime.GetCoreMemoryAsync("not-an-agent-id"));

        Assert.False(error.Transient);
        Assert.Contains("422", error.Message);
        Assert.Contains("agent_id", error.Message);
    }

    [Fact]
    public async Task Calls_without_a_key_are_refused_and_the_error_names_the_setting()
    {
        using var keyless = AgentRuntimeHost.Letta(prism.BaseUrl, apiKey: null);

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => keyless.Runtime.GetCoreMemoryAsync(AgentId));

        Assert.False(error.Transient);
        Assert.Contains("DeepSync__Letta__ApiKey", error.Message);
    }

    public void Dispose() => _host.Dispose();

    /// <summary>Runs one call, adding Prism's log to the failure so a contract break shows its rule.</summary>
    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AgentRuntimeException e)
        {
            Assert.Fail($"{e.Message}\n--- Prism ---\n{prism.Output}");
            throw;
        }
    }

    private async Task Run(Func<Task> call) => await Run(async () =>
    {
        await call();
        return true;
    });
}

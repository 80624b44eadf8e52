using System.Diagnostics;
using System.Net.Sockets;
using DeepSync.Agents;
using DeepSync.Tests.Support;
using static DeepSync.Tests.Agents.FakeLettaAnswers;

namespace DeepSync.Tests.Agents;

/// <summary>
/// The Letta adapter against <see cref="FakeLetta"/>, for what the OpenAPI document does not declare:
/// streamed replies, conflicts, pending approvals, hangs and dropped connections.
/// </summary>
public sealed class LettaStreamingTests : IAsyncLifetime
{
    private const string SendPath = "/v1/conversations/conv-[0-9a-f-]+/messages";

    private static readonly string AgentId = $"agent-{Guid.NewGuid()}";
    private static readonly string ConversationId = $"conv-{Guid.NewGuid()}";

    private FakeLetta _letta = null!;

    public async Task InitializeAsync() => _letta = await FakeLetta.StartAsync();

    public async Task DisposeAsync() => await _letta.DisposeAsync();

    private static AgentMessage Message(string text = "Summarise my week, please.") =>
        new(AgentId, ConversationId, "dana", text, $"web:{Guid.NewGuid():N}");

    [Fact]
    public async Task Reply_text_arrives_piece_by_piece_in_order_and_ends_with_usage_then_the_stop_reason()
    {
        var rest = new TaskCompletionSource();
        _letta.On("POST", SendPath, async (context, stopping) =>
        {
            StartStream(context);
            await WriteEventAsync(context, Reasoning("Dana wants a short summary."), stopping);
            await WriteEventAsync(context, Assistant("Here is "), stopping);
            await WriteEventAsync(context, Assistant("your week"), stopping);

            // The rest waits until the test has seen the first pieces: proof they are not buffered.
            await rest.Task.WaitAsync(stopping);
            await WriteEventAsync(context, Ping(), stopping);
            await WriteEventAsync(context, Assistant(": three meetings."), stopping);
            await WriteEventAsync(context, Stop("end_turn"), stopping);
            await WriteEventAsync(context, Usage(prompt: 812, completion: 41), stopping);
            await WriteDoneAsync(context, stopping);
        });
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var events = new List<AgentEvent>();
        await using var stream = host.Runtime.SendAsync(Message()).GetAsyncEnumerator();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            events.Add(stream.Current);
        }

        Assert.Equal([new ReasoningDelta("Dana wants a short summary."), new AssistantTextDelta("Here is "), new AssistantTextDelta("your week")], events);
        rest.SetResult();
        while (await stream.MoveNextAsync())
        {
            events.Add(stream.Current);
        }

        Assert.Equal("Here is your week: three meetings.", string.Concat(events.OfType<AssistantTextDelta>().Select(d => d.Text)));
        Assert.Equal(new UsageEvent(812, 41), events[^2]);
        Assert.Equal(new StopEvent("end_turn", RunId), events[^1]);
    }

    [Fact]
    public async Task The_message_reaches_Letta_once_with_its_idempotency_key_and_asks_for_a_token_stream()
    {
        _letta.On("POST", SendPath, Sse(Assistant("Noted."), Stop("end_turn")));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);
        var message = Message("Remember that I moved to Lisbon.");

        await Drain(host.Runtime.SendAsync(message));

        var sent = Assert.Single(_letta.ReceivedOn("POST", SendPath));
        Assert.Equal($"/v1/conversations/{ConversationId}/messages", sent.Path);
        Assert.Equal($"Bearer {FakeLetta.ApiKey}", sent.Authorization);
        var user = Assert.Single(sent.Json.GetProperty("messages").EnumerateArray());
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.Equal("Remember that I moved to Lisbon.", user.GetProperty("content").GetString());
        Assert.Equal(message.IdempotencyKey, user.GetProperty("otid").GetString());
        Assert.True(sent.Json.GetProperty("streaming").GetBoolean());
        Assert.True(sent.Json.GetProperty("stream_tokens").GetBoolean());
    }

    [Fact]
    public async Task A_tool_call_streamed_in_pieces_is_reported_once_whole()
    {
        _letta.On("POST", SendPath, Sse(
            ToolCall("call-1", "archival_memory_search", "{\"query\":"),
            ToolCall(null, null, "\"Lisbon\"}"),
            Assistant("You moved to Lisbon in May."),
            Stop("end_turn")));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var events = await Drain(host.Runtime.SendAsync(Message()));

        Assert.Equal(
            [
                new ToolCallEvent("archival_memory_search", "{\"query\":\"Lisbon\"}"),
                new AssistantTextDelta("You moved to Lisbon in May."),
                new StopEvent("end_turn", RunId),
            ],
            events);
    }

    [Fact]
    public async Task A_conversation_busy_with_another_run_is_reported_as_busy()
    {
        _letta.On("POST", SendPath, Busy());
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(host.Runtime.SendAsync(Message())));

        Assert.True(error.Busy);
        Assert.False(error.Transient);
        Assert.Single(_letta.ReceivedOn("POST", SendPath)); // a busy conversation is not hammered
    }

    [Fact]
    public async Task A_forgotten_tool_approval_is_denied_after_the_configured_wait_and_the_message_then_goes_through()
    {
        var denyAfter = TimeSpan.FromMilliseconds(600);
        _letta
            .On("POST", SendPath,
                PendingApproval(),
                Sse(Assistant("I could not send that e-mail: it was not approved."), Stop("end_turn")),
                Sse(Assistant("Your week: three meetings."), Stop("end_turn")))
            .On("GET", "/v1/conversations/conv-[0-9a-f-]+/messages", Json(200, new object[]
            {
                ApprovalRequest("message-ap2", "call-new", "send_email", DateTimeOffset.UtcNow),
                new { id = "message-ar1", date = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"), message_type = "approval_response_message", approvals = new[] { new { type = "approval", tool_call_id = "call-old", approve = true } } },
                ApprovalRequest("message-ap1", "call-old", "web_search", DateTimeOffset.UtcNow.AddMinutes(-6)),
            }));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey, approvalDenyAfter: denyAfter);
        var message = Message();

        var clock = Stopwatch.StartNew();
        var events = await Drain(host.Runtime.SendAsync(message));

        Assert.Equal("Your week: three meetings.", string.Concat(events.OfType<AssistantTextDelta>().Select(d => d.Text)));
        var posts = _letta.ReceivedOn("POST", SendPath);
        Assert.Equal(3, posts.Count); // the message, the denial, the message once more
        var denial = Assert.Single(posts[1].Json.GetProperty("messages").EnumerateArray());
        Assert.Equal("approval", denial.GetProperty("type").GetString());
        var answer = Assert.Single(denial.GetProperty("approvals").EnumerateArray());
        Assert.Equal("call-new", answer.GetProperty("tool_call_id").GetString());
        Assert.False(answer.GetProperty("approve").GetBoolean());
        Assert.Equal(message.IdempotencyKey, posts[2].Json.GetProperty("messages")[0].GetProperty("otid").GetString());

        // Denied only once the approval had waited the configured time (it was requested just now).
        Assert.True(posts[1].At - posts[0].At >= denyAfter - TimeSpan.FromMilliseconds(100), $"denied after {(posts[1].At - posts[0].At).TotalMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_approval_that_is_long_overdue_is_denied_at_once()
    {
        _letta
            .On("POST", SendPath, PendingApproval(), Sse(Stop("end_turn")), Sse(Assistant("Done."), Stop("end_turn")))
            .On("GET", "/v1/conversations/conv-[0-9a-f-]+/messages", Json(200, new[] { ApprovalRequest("message-ap1", "call-1", "send_email", DateTimeOffset.UtcNow.AddHours(-3)) }));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey, approvalDenyAfter: TimeSpan.FromMinutes(5));

        var events = await Drain(host.Runtime.SendAsync(Message())).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(new AssistantTextDelta("Done."), events[0]);
        Assert.Equal(3, _letta.ReceivedOn("POST", SendPath).Count);
    }

    [Fact]
    public async Task A_conversation_still_blocked_after_the_denial_is_reported_busy_after_a_single_retry()
    {
        _letta
            .On("POST", SendPath, PendingApproval(), Sse(Stop("requires_approval")), PendingApproval())
            .On("GET", "/v1/conversations/conv-[0-9a-f-]+/messages", Json(200, new[] { ApprovalRequest("message-ap1", "call-1", "send_email", DateTimeOffset.UtcNow.AddMinutes(-1)) }));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(host.Runtime.SendAsync(Message())));

        Assert.True(error.Busy);
        Assert.Contains("approval", error.Message);
        Assert.Equal(3, _letta.ReceivedOn("POST", SendPath).Count); // message, denial, one retry — no loop
    }

    [Fact]
    public async Task A_connection_dropped_mid_reply_is_a_transient_error_and_the_partial_reply_never_counts_as_finished()
    {
        _letta.On("POST", SendPath, SseThenDrop(Assistant("The quarterly numbers "), Assistant("look")));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var events = new List<AgentEvent>();
        var error = await Assert.ThrowsAsync<AgentRuntimeException>(async () =>
        {
            await foreach (var agentEvent in host.Runtime.SendAsync(Message()))
            {
                events.Add(agentEvent);
            }
        });

        Assert.True(error.Transient);
        Assert.Contains("incomplete", error.Message);
        Assert.Equal([new AssistantTextDelta("The quarterly numbers "), new AssistantTextDelta("look")], events);
        Assert.DoesNotContain(events, e => e is StopEvent);
    }

    [Fact]
    public async Task A_reply_that_falls_silent_times_out_as_a_transient_error()
    {
        _letta.On("POST", SendPath, SseThenSilence(Assistant("Let me think")));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey, requestTimeout: TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(host.Runtime.SendAsync(Message())));

        Assert.True(error.Transient);
        Assert.Contains("sent nothing", error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_server_that_never_answers_a_message_times_out_as_a_transient_error()
    {
        _letta.On("POST", SendPath, Hang());
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey, requestTimeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(host.Runtime.SendAsync(Message())));

        Assert.True(error.Transient);
        Assert.Contains("no answer within 1 s", error.Message);
        Assert.Single(_letta.ReceivedOn("POST", SendPath)); // a message is never sent twice by itself
    }

    [Fact]
    public async Task A_slow_memory_read_times_out_as_a_transient_error_after_the_retries()
    {
        _letta.On("GET", "/v1/agents/agent-[0-9a-f-]+/core-memory/blocks", Hang());
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey, requestTimeout: TimeSpan.FromMilliseconds(500));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => host.Runtime.GetCoreMemoryAsync(AgentId));

        Assert.True(error.Transient);
        Assert.Contains("could not be reached", error.Message);
        Assert.InRange(_letta.ReceivedOn("GET", "/v1/agents/agent-[0-9a-f-]+/core-memory/blocks").Count, 2, 3); // retried, within the total budget
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Server_errors_are_transient_reads_are_retried_and_writes_are_not()
    {
        _letta
            .On("GET", "/v1/agents/agent-[0-9a-f-]+/core-memory/blocks", Json(503, new { detail = "upstream unavailable" }), Json(200, new[] { new { id = "block-1", label = "persona", value = "I am Atlas.", limit = 5000 } }))
            .On("POST", "/v1/agents/agent-[0-9a-f-]+/archival-memory", Json(500, new { detail = "database is restarting" }));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var blocks = await host.Runtime.GetCoreMemoryAsync(AgentId);
        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => host.Runtime.InsertArchivalAsync(AgentId, "Dana moved to Lisbon.", []));

        Assert.Equal(new MemoryBlock("persona", "I am Atlas.", 5000, null), Assert.Single(blocks));
        Assert.Equal(2, _letta.ReceivedOn("GET", "/v1/agents/agent-[0-9a-f-]+/core-memory/blocks").Count);
        Assert.True(error.Transient);
        Assert.Contains("HTTP 500", error.Message);
        Assert.Single(_letta.ReceivedOn("POST", "/v1/agents/agent-[0-9a-f-]+/archival-memory"));
    }

    [Fact]
    public async Task A_server_that_refuses_connections_is_a_transient_error()
    {
        var closedPort = SiloHosts.FreePort();
        using var host = AgentRuntimeHost.Letta(new Uri($"http://127.0.0.1:{closedPort}/"), FakeLetta.ApiKey);

        var read = await Assert.ThrowsAsync<AgentRuntimeException>(() => host.Runtime.GetCoreMemoryAsync(AgentId));
        var send = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(host.Runtime.SendAsync(Message())));

        Assert.True(read.Transient);
        Assert.True(send.Transient);
        Assert.IsType<HttpRequestException>(send.InnerException);
        Assert.Equal(SocketError.ConnectionRefused, ((send.InnerException as HttpRequestException)?.InnerException as SocketException)?.SocketErrorCode);
    }

    [Fact]
    public async Task An_error_reported_inside_the_stream_fails_the_reply()
    {
        _letta.On("POST", SendPath, Sse(Assistant("Checking"), Error("llm_api_error", "The model provider is overloaded."), Stop("llm_api_error")));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(host.Runtime.SendAsync(Message())));

        Assert.True(error.Transient);
        Assert.Contains("overloaded", error.Message);
    }

    [Fact]
    public async Task A_node_whose_agent_was_deleted_gets_a_new_agent_with_its_persona()
    {
        var created = $"agent-{Guid.NewGuid()}";
        _letta
            .On("GET", "/v1/agents/agent-[0-9a-f-]+", Json(404, new { detail = "Agent not found" }))
            .On("GET", "/v1/agents/", Json(200, Array.Empty<object>()))
            .On("POST", "/v1/agents/", Json(200, new { id = created, name = "Atlas" }));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);
        var nodeId = Guid.NewGuid();

        var agentId = await host.Runtime.EnsureAgentAsync(new AgentSpec(nodeId, "Atlas", "I am Atlas.", "Dana runs a studio.", AgentId));

        Assert.Equal(created, agentId);
        var lookup = Assert.Single(_letta.ReceivedOn("GET", "/v1/agents/"));
        Assert.Contains($"deepsync-node%3A{nodeId:N}", lookup.Query);
        var body = Assert.Single(_letta.ReceivedOn("POST", "/v1/agents/")).Json;
        Assert.Equal("openai/gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal("openai/text-embedding-3-small", body.GetProperty("embedding").GetString());
        var blocks = body.GetProperty("memory_blocks").EnumerateArray().ToDictionary(b => b.GetProperty("label").GetString()!, b => b.GetProperty("value").GetString());
        Assert.Equal("I am Atlas.", blocks["persona"]);
        Assert.Equal("Dana runs a studio.", blocks["human"]);
    }

    [Fact]
    public async Task Ids_left_by_the_offline_runtime_are_replaced_by_real_ones()
    {
        var conversation = $"conv-{Guid.NewGuid()}";
        _letta
            .On("GET", "/v1/agents/", Json(200, Array.Empty<object>()))
            .On("POST", "/v1/agents/", Json(200, new { id = AgentId, name = "Atlas" }))
            .On("POST", "/v1/conversations/", Json(200, new { id = conversation, agent_id = AgentId }));
        using var host = AgentRuntimeHost.Letta(_letta.BaseUrl, FakeLetta.ApiKey);

        var agentId = await host.Runtime.EnsureAgentAsync(new AgentSpec(Guid.NewGuid(), "Atlas", "I am Atlas.", "", "offline-agent-1234"));
        var conversationId = await host.Runtime.EnsureConversationAsync(agentId, "web", "offline-conversation-web");

        Assert.Equal(AgentId, agentId);
        Assert.Equal(conversation, conversationId);
        Assert.Equal($"?agent_id={AgentId}", Assert.Single(_letta.ReceivedOn("POST", "/v1/conversations/")).Query);
        Assert.DoesNotContain(_letta.Received, r => r.Path.Contains("offline"));
    }

    private static async Task<List<AgentEvent>> Drain(IAsyncEnumerable<AgentEvent> events)
    {
        var list = new List<AgentEvent>();
        await foreach (var agentEvent in events)
        {
            list.Add(agentEvent);
        }

        return list;
    }
}

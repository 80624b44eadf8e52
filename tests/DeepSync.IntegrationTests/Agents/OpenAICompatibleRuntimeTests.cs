using System.Text.Json;
using DeepSync.Agents;
using Microsoft.AspNetCore.Http;

namespace DeepSync.Tests.Agents;

/// <summary>The OpenAI-compatible adapter against <see cref="FakeChatCompletions"/>.</summary>
public sealed class OpenAICompatibleRuntimeTests : IAsyncLifetime
{
    private const string ConfiguredAgent = "agent-0b6a3f52-3c7e-4a8e-9d61-2f4c8e1a7b90";

    private FakeChatCompletions _server = null!;
    private AgentRuntimeHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeChatCompletions.StartAsync();
        _host = Host(FakeChatCompletions.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    private IAgentRuntime Runtime => _host.Runtime;

    private AgentRuntimeHost Host(string apiKey) => AgentRuntimeHost.Create(new Dictionary<string, string?>
    {
        ["DeepSync:OpenAICompatible:BaseUrl"] = _server.BaseUrl.ToString(),
        ["DeepSync:OpenAICompatible:ApiKey"] = apiKey,
        ["DeepSync:OpenAICompatible:AgentId"] = ConfiguredAgent,
        ["DeepSync:OpenAICompatible:RequestTimeout"] = "00:00:05",
    });

    private async Task<AgentMessage> MessageAsync(string text)
    {
        var agentId = await Runtime.EnsureAgentAsync(new AgentSpec(Guid.NewGuid(), "Atlas", "I am Atlas.", "Dana", null));
        var conversationId = await Runtime.EnsureConversationAsync(agentId, "web", null);
        return new AgentMessage(agentId, conversationId, "dana", text, $"web:{Guid.NewGuid():N}");
    }

    [Fact]
    public async Task A_reply_streams_in_order_from_the_agent_named_as_the_model_with_the_bearer_key()
    {
        var rest = new TaskCompletionSource();
        _server.Answer = async (context, request, stopping) =>
        {
            await FakeChatCompletions.StartAsync(context, stopping, FakeChatCompletions.Chunk(request, content: "Three "), FakeChatCompletions.Chunk(request, content: "meetings"));
            await rest.Task.WaitAsync(stopping);
            await FakeChatCompletions.StreamAsync(
                context,
                stopping,
                FakeChatCompletions.Chunk(request, content: " this week."),
                FakeChatCompletions.Chunk(request, finish: "stop"),
                FakeChatCompletions.Chunk(request, usage: (120, 9)));
        };
        var message = await MessageAsync("What's on this week?");

        var events = new List<AgentEvent>();
        await using var stream = Runtime.SendAsync(message).GetAsyncEnumerator();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            events.Add(stream.Current);
        }

        rest.SetResult();
        while (await stream.MoveNextAsync())
        {
            events.Add(stream.Current);
        }

        Assert.Equal(
            [
                new AssistantTextDelta("Three "),
                new AssistantTextDelta("meetings"),
                new AssistantTextDelta(" this week."),
                new UsageEvent(120, 9),
                new StopEvent("end_turn"),
            ],
            events);
        var request = Assert.Single(_server.Received);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {FakeChatCompletions.ApiKey}", request.Authorization);
        Assert.Equal(ConfiguredAgent, request.Body.GetProperty("model").GetString());
        Assert.True(request.Body.GetProperty("stream").GetBoolean());
        var sent = Assert.Single(request.Body.GetProperty("messages").EnumerateArray()); // the server keeps the history
        Assert.Equal("user", sent.GetProperty("role").GetString());
        Assert.Equal("What's on this week?", ContentText(sent.GetProperty("content")));
    }

    [Fact]
    public async Task A_node_that_already_has_an_agent_talks_to_that_agent()
    {
        var agentId = await Runtime.EnsureAgentAsync(new AgentSpec(Guid.NewGuid(), "Atlas", "", "", "agent-11111111-2222-4333-8444-555555555555"));

        await Drain(Runtime.SendAsync(new AgentMessage(agentId, "web-1", "dana", "Hi", "k1")));

        Assert.Equal("agent-11111111-2222-4333-8444-555555555555", Assert.Single(_server.Received).Body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Memory_operations_say_this_runtime_keeps_no_editable_memory()
    {
        var calls = new Func<Task>[]
        {
            () => Runtime.GetCoreMemoryAsync(ConfiguredAgent),
            () => Runtime.UpdateCoreMemoryAsync(ConfiguredAgent, "persona", "I am Atlas."),
            () => Runtime.SearchArchivalAsync(ConfiguredAgent, "Lisbon", 5),
            () => Runtime.InsertArchivalAsync(ConfiguredAgent, "Dana moved to Lisbon.", []),
            () => Runtime.DeleteArchivalAsync(ConfiguredAgent, "passage-1"),
        };

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<AgentRuntimeException>(call);
            Assert.True(error.NotSupported);
            Assert.False(error.Transient);
            Assert.Contains("this runtime keeps no memory you can edit; configure Letta", error.Message);
        }

        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task Cancelling_stops_a_reply_in_flight_and_says_so()
    {
        _server.Answer = async (context, request, stopping) =>
        {
            await FakeChatCompletions.StartAsync(context, stopping, FakeChatCompletions.Chunk(request, content: "Drafting the e-mail"));
            await Task.Delay(Timeout.Infinite, stopping);
        };
        var message = await MessageAsync("Draft a long e-mail.");

        var events = new List<AgentEvent>();
        await foreach (var agentEvent in Runtime.SendAsync(message).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token))
        {
            events.Add(agentEvent);
            if (agentEvent is AssistantTextDelta)
            {
                await Runtime.CancelAsync(message.AgentId, message.ConversationId);
            }
        }

        Assert.Equal([new AssistantTextDelta("Drafting the e-mail"), new StopEvent("cancelled")], events);
    }

    [Fact]
    public async Task A_second_message_while_a_reply_is_running_is_reported_busy()
    {
        _server.Answer = async (context, request, stopping) =>
        {
            await FakeChatCompletions.StartAsync(context, stopping, FakeChatCompletions.Chunk(request, content: "Working"));
            await Task.Delay(Timeout.Infinite, stopping);
        };
        var message = await MessageAsync("First");
        await using var first = Runtime.SendAsync(message).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(Runtime.SendAsync(message with { Text = "Second" })));

        Assert.True(error.Busy);
        await Runtime.CancelAsync(message.AgentId, message.ConversationId);
    }

    [Fact]
    public async Task Server_failures_and_cut_off_streams_are_transient_errors()
    {
        var message = await MessageAsync("Hello?");
        _server.Answer = (context, _, _) =>
        {
            context.Response.StatusCode = 503;
            return context.Response.WriteAsJsonAsync(new { error = new { message = "overloaded" } });
        };
        var unavailable = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(Runtime.SendAsync(message)));

        _server.Answer = async (context, request, stopping) =>
        {
            await FakeChatCompletions.StartAsync(context, stopping, FakeChatCompletions.Chunk(request, content: "Half a"));
            context.Abort();
        };
        var events = new List<AgentEvent>();
        var cutOff = await Assert.ThrowsAsync<AgentRuntimeException>(async () =>
        {
            await foreach (var agentEvent in Runtime.SendAsync(message))
            {
                events.Add(agentEvent);
            }
        });

        Assert.True(unavailable.Transient);
        Assert.Contains("503", unavailable.Message);
        Assert.True(cutOff.Transient);
        Assert.DoesNotContain(events, e => e is StopEvent);
        Assert.Equal(2, _server.Received.Count); // no automatic resend into a stateful agent
    }

    [Fact]
    public async Task A_wrong_key_is_reported_naming_the_setting()
    {
        using var wrongKey = Host("not-the-key");

        var error = await Assert.ThrowsAsync<AgentRuntimeException>(() => Drain(wrongKey.Runtime.SendAsync(new AgentMessage(ConfiguredAgent, "web-1", "dana", "Hi", "k1"))));

        Assert.False(error.Transient);
        Assert.Contains("DeepSync__OpenAICompatible__ApiKey", error.Message);
        Assert.DoesNotContain("not-the-key", error.Message);
    }

    private static string? ContentText(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()
        : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));

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

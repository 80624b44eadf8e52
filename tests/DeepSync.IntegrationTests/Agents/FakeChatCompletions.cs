using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepSync.Tests.Agents;

/// <summary>One chat-completions request the fake received.</summary>
public sealed record FakeChatRequest(string Path, string? Authorization, JsonElement Body);

/// <summary>
/// A stand-in for an OpenAI-compatible chat-completions server (what <c>letta server --openai-api</c>
/// serves) on a real loopback Kestrel port: it streams <c>data:</c> chunks and closes with
/// <c>data: [DONE]</c>, as the OpenAI wire format does. <see cref="Answer"/> scripts the next reply.
/// </summary>
public sealed class FakeChatCompletions : IAsyncDisposable
{
    public const string ApiKey = "fake-openai-key";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<FakeChatRequest> _received = [];

    private FakeChatCompletions(WebApplication app)
    {
        _app = app;
        app.MapPost("/v1/chat/completions", HandleAsync);
    }

    /// <summary>The API root the client is configured with (ends in <c>/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How the next requests are answered; by default a short finished reply.</summary>
    public Func<HttpContext, FakeChatRequest, CancellationToken, Task> Answer { get; set; } = (context, request, stopping) =>
        StreamAsync(context, stopping, Chunk(request, content: "Hello"), Chunk(request, finish: "stop"));

    public IReadOnlyList<FakeChatRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<FakeChatCompletions> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeChatCompletions(builder.Build());
        await fake._app.StartAsync();
        fake.BaseUrl = new Uri(fake._app.Urls.Single() + "/v1");
        return fake;
    }

    /// <summary>One <c>chat.completion.chunk</c> echoing the requested model, as OpenAI-compatible servers do.</summary>
    public static object Chunk(FakeChatRequest request, string? content = null, string? finish = null, (int Prompt, int Completion)? usage = null, object? toolCall = null)
    {
        var delta = new Dictionary<string, object?> { ["role"] = "assistant" };
        if (content is not null)
        {
            delta["content"] = content;
        }

        if (toolCall is not null)
        {
            delta["tool_calls"] = new[] { toolCall };
        }

        return new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-1",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_767_225_600,
            ["model"] = request.Body.GetProperty("model").GetString(),
            ["choices"] = usage is null ? new[] { new { index = 0, delta, finish_reason = finish } } : Array.Empty<object>(),
            ["usage"] = usage is { } u ? new { prompt_tokens = u.Prompt, completion_tokens = u.Completion, total_tokens = u.Prompt + u.Completion } : null,
        };
    }

    /// <summary>Streams the chunks, each flushed on its own, then <c>[DONE]</c>.</summary>
    public static async Task StreamAsync(HttpContext context, CancellationToken stopping, params object[] chunks)
    {
        await StartAsync(context, stopping, chunks);
        await context.Response.WriteAsync("data: [DONE]\n\n", stopping);
    }

    /// <summary>Streams the chunks and leaves the response open.</summary>
    public static async Task StartAsync(HttpContext context, CancellationToken stopping, params object[] chunks)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "text/event-stream";
        }

        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", stopping);
            await context.Response.Body.FlushAsync(stopping);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var request = new FakeChatRequest(
            context.Request.Path,
            context.Request.Headers.Authorization.FirstOrDefault(),
            JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
        lock (_gate)
        {
            _received.Add(request);
        }

        if (request.Authorization != $"Bearer {ApiKey}")
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "Incorrect API key provided", type = "invalid_request_error" } });
            return;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        try
        {
            await Answer(context, request, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away (a cancelled reply) or the fake is stopping.
        }
    }
}

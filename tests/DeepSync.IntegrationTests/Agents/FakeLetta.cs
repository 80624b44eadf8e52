using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeepSync.Tests.Agents;

/// <summary>How the fake answers one request.</summary>
public delegate Task FakeLettaAnswer(HttpContext context, CancellationToken stopping);

/// <summary>One request the fake received.</summary>
public sealed record FakeLettaRequest(string Method, string Path, string Query, string Body, string? Authorization, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A small stand-in for a Letta server on a real loopback Kestrel port, for what the OpenAPI document
/// does not declare: server-sent-event replies, 409 conflicts, hangs and dropped connections. Each
/// test scripts the answers per route (used in order, the last one repeating) and reads back every
/// request it received. Anything unscripted gets a 404.
/// </summary>
public sealed class FakeLetta : IAsyncDisposable
{
    public const string ApiKey = "fake-letta-key";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<FakeLettaRequest> _received = [];
    private readonly List<(string Method, Regex Path, Queue<FakeLettaAnswer> Answers, FakeLettaAnswer Last)> _routes = [];

    private FakeLetta(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<FakeLettaRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The requests received with this method on paths matching <paramref name="pathPattern"/>.</summary>
    public IReadOnlyList<FakeLettaRequest> ReceivedOn(string method, string pathPattern) =>
        Received.Where(r => r.Method == method && Regex.IsMatch(r.Path, $"^{pathPattern}$")).ToList();

    public static async Task<FakeLetta> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeLetta(builder.Build());
        await fake._app.StartAsync();
        fake.BaseUrl = new Uri(fake._app.Urls.Single() + "/");
        return fake;
    }

    /// <summary>Scripts the answers for <paramref name="method"/> on paths matching <paramref name="pathPattern"/> (a regex, anchored).</summary>
    public FakeLetta On(string method, string pathPattern, params FakeLettaAnswer[] answers)
    {
        lock (_gate)
        {
            _routes.Add((method, new Regex($"^{pathPattern}$"), new Queue<FakeLettaAnswer>(answers), answers[^1]));
        }

        return this;
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
        var body = await reader.ReadToEndAsync();
        var request = new FakeLettaRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            body,
            context.Request.Headers.Authorization.FirstOrDefault(),
            DateTimeOffset.UtcNow);

        FakeLettaAnswer? answer = null;
        lock (_gate)
        {
            _received.Add(request);
            foreach (var route in _routes)
            {
                if (route.Method == request.Method && route.Path.IsMatch(request.Path))
                {
                    answer = route.Answers.Count > 0 ? route.Answers.Dequeue() : route.Last;
                    break;
                }
            }
        }

        if (request.Authorization != $"Bearer {ApiKey}")
        {
            await FakeLettaAnswers.Json(401, new { detail = "Unauthorized" })(context, _stopping.Token);
            return;
        }

        await (answer ?? FakeLettaAnswers.Json(404, new { detail = $"Not found: {request.Method} {request.Path}" }))(context, _stopping.Token);
    }
}

/// <summary>Canned answers and Letta stream events for <see cref="FakeLetta"/>.</summary>
public static class FakeLettaAnswers
{
    public const string RunId = "run-6f1c1d52-5ad4-4a4e-9d0b-7d3c5a1e2f11";

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static FakeLettaAnswer Json(int status, object body) => async (context, _) =>
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, WebJson);
    };

    /// <summary>A stream of events, then <c>[DONE]</c>; each event is flushed on its own.</summary>
    public static FakeLettaAnswer Sse(params object[] events) => async (context, stopping) =>
    {
        StartStream(context);
        foreach (var item in events)
        {
            await WriteEventAsync(context, item, stopping);
        }

        await WriteDoneAsync(context, stopping);
    };

    /// <summary>Some events, then the connection is cut without an end.</summary>
    public static FakeLettaAnswer SseThenDrop(params object[] events) => async (context, stopping) =>
    {
        StartStream(context);
        foreach (var item in events)
        {
            await WriteEventAsync(context, item, stopping);
        }

        await Task.Delay(50, stopping);
        context.Abort();
    };

    /// <summary>Some events, then silence until the client gives up.</summary>
    public static FakeLettaAnswer SseThenSilence(params object[] events) => async (context, stopping) =>
    {
        StartStream(context);
        foreach (var item in events)
        {
            await WriteEventAsync(context, item, stopping);
        }

        await HangAsync(context, stopping);
    };

    /// <summary>No answer at all until the client gives up.</summary>
    public static FakeLettaAnswer Hang() => (context, stopping) => HangAsync(context, stopping);

    /// <summary>What Letta answers when a run is already in progress in the conversation.</summary>
    public static FakeLettaAnswer Busy() => Json(409, new { detail = "CONFLICT: Cannot send a new message: Another request is currently being processed for this conversation." });

    /// <summary>What Letta answers when the conversation waits for a tool approval.</summary>
    public static FakeLettaAnswer PendingApproval() => Json(409, new
    {
        detail = new
        {
            code = "PENDING_APPROVAL",
            message = "Cannot send a new message: The agent is waiting for approval on a tool call. Please approve or deny the pending request before continuing.",
        },
    });

    public static void StartStream(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
    }

    public static async Task WriteEventAsync(HttpContext context, object item, CancellationToken stopping)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(item, WebJson)}\n\n", stopping);
        await context.Response.Body.FlushAsync(stopping);
    }

    public static async Task WriteDoneAsync(HttpContext context, CancellationToken stopping)
    {
        await context.Response.WriteAsync("data: [DONE]\n\n", stopping);
        await context.Response.Body.FlushAsync(stopping);
    }

    public static object Assistant(string text, string id = "message-a1") => Message("assistant_message", id, new { content = text });

    public static object Reasoning(string text) => Message("reasoning_message", "message-r1", new { reasoning = text, source = "reasoner_model" });

    public static object ToolCall(string? toolCallId, string? name, string arguments) =>
        Message("tool_call_message", "message-t1", new { tool_call = new { name, arguments, tool_call_id = toolCallId } });

    public static object ApprovalRequest(string id, string toolCallId, string name, DateTimeOffset date) => new Dictionary<string, object?>
    {
        ["id"] = id,
        ["date"] = date.ToString("O"),
        ["message_type"] = "approval_request_message",
        ["run_id"] = RunId,
        ["tool_call"] = new { name, arguments = "{}", tool_call_id = toolCallId },
        ["tool_calls"] = new[] { new { name, arguments = "{}", tool_call_id = toolCallId } },
    };

    public static object Ping() => Message("ping", "message-p1", new { });

    public static object Stop(string reason) => new { message_type = "stop_reason", stop_reason = reason };

    public static object Usage(int prompt, int completion) => new
    {
        message_type = "usage_statistics",
        completion_tokens = completion,
        prompt_tokens = prompt,
        total_tokens = prompt + completion,
        step_count = 1,
        run_ids = new[] { RunId },
    };

    public static object Error(string type, string message) => new { message_type = "error_message", run_id = RunId, error_type = type, message };

    private static Dictionary<string, object?> Message(string type, string id, object fields)
    {
        var message = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["date"] = DateTimeOffset.UtcNow.ToString("O"),
            ["message_type"] = type,
            ["run_id"] = RunId,
        };
        foreach (var property in JsonSerializer.SerializeToElement(fields, WebJson).EnumerateObject())
        {
            message[property.Name] = property.Value;
        }

        return message;
    }

    private static async Task HangAsync(HttpContext context, CancellationToken stopping)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, both.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the fake is stopping; either way there is nobody left to answer.
        }
    }
}

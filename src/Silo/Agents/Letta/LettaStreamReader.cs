using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DeepSync.Agents;

namespace DeepSync.Silo.Agents.Letta;

/// <summary>
/// Turns a Letta server-sent-event stream into <see cref="AgentEvent"/>s. Text arrives as deltas in
/// order; tool calls, which stream in pieces, are reported once whole; the <see cref="StopEvent"/> is
/// always the last event, after usage, and only for a run that really finished. A stream that breaks
/// off, or falls silent for longer than the idle timeout, throws a transient
/// <see cref="AgentRuntimeException"/> instead, so partial text is never taken for a complete reply.
/// </summary>
internal static class LettaStreamReader
{
    private const string DataPrefix = "data:";
    private const string Done = "[DONE]";

    public static async IAsyncEnumerable<AgentEvent> ReadAsync(
        Stream body, TimeSpan idleTimeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toolCalls = new ToolCallAssembly();
        var data = new StringBuilder();
        string? stopReason = null;
        string? runId = null;
        var finished = false;

        while (!finished)
        {
            idle.CancelAfter(idleTimeout);
            var line = await ReadLineAsync(reader, idle, idleTimeout, cancellationToken);
            var endOfStream = line is null;
            line ??= string.Empty;

            // Server-sent events: "data:" lines accumulate until a blank line ends the event;
            // "event:", "id:" and ":" comment lines carry nothing we need.
            if (line.StartsWith(DataPrefix, StringComparison.Ordinal))
            {
                var payload = line.AsSpan(DataPrefix.Length);
                if (payload.StartsWith(" "))
                {
                    payload = payload[1..];
                }

                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(payload);
                continue;
            }

            if (line.Length > 0 || data.Length == 0)
            {
                if (endOfStream)
                {
                    break;
                }

                continue;
            }

            var json = data.ToString();
            data.Clear();
            if (json.Trim() == Done)
            {
                finished = true;
                break;
            }

            using var document = ParseEvent(json);
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object)
            {
                if (endOfStream)
                {
                    break;
                }

                continue;
            }

            runId = Text(message, "run_id") ?? runId;
            var type = Text(message, "message_type");
            if (type is not ("tool_call_message" or "approval_request_message" or "ping"))
            {
                foreach (var call in toolCalls.Flush())
                {
                    yield return call;
                }
            }

            switch (type)
            {
                case "assistant_message":
                    if (ContentText(message) is { Length: > 0 } text)
                    {
                        yield return new AssistantTextDelta(text);
                    }

                    break;
                case "reasoning_message":
                    if (Text(message, "reasoning") is { Length: > 0 } reasoning)
                    {
                        yield return new ReasoningDelta(reasoning);
                    }

                    break;
                case "tool_call_message" or "approval_request_message":
                    toolCalls.Add(message);
                    break;
                case "stop_reason":
                    stopReason = Text(message, "stop_reason") ?? "end_turn";
                    break;
                case "usage_statistics":
                    if (runId is null && message.TryGetProperty("run_ids", out var runIds) && runIds.ValueKind == JsonValueKind.Array && runIds.GetArrayLength() > 0)
                    {
                        runId = runIds[0].GetString();
                    }

                    yield return new UsageEvent(Number(message, "prompt_tokens"), Number(message, "completion_tokens"));
                    break;
                case "error_message":
                    throw new AgentRuntimeException(
                        $"Letta reported an error during the run{(runId is null ? "" : $" {runId}")}: {Text(message, "error_type") ?? "error"}: {Text(message, "message") ?? Text(message, "detail") ?? "no details"}",
                        transient: true);
            }

            if (endOfStream)
            {
                break;
            }
        }

        foreach (var call in toolCalls.Flush())
        {
            yield return call;
        }

        // A stop reason means the run ended even if the closing [DONE] got lost; anything else is a
        // stream that broke off, and what was said so far must not pass for the whole answer.
        if (!finished && stopReason is null)
        {
            throw new AgentRuntimeException("The connection to Letta ended before the agent finished its reply; the reply is incomplete.", transient: true);
        }

        yield return new StopEvent(stopReason ?? "end_turn", runId);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationTokenSource idle, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentRuntimeException($"Letta sent nothing for {idleTimeout.TotalSeconds:0.#} s in the middle of a reply; the reply is incomplete.", transient: true);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new AgentRuntimeException("The connection to Letta was lost in the middle of a reply; the reply is incomplete.", transient: true, inner: e);
        }
    }

    private static JsonDocument ParseEvent(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AgentRuntimeException("Letta sent a stream event that is not JSON; the reply is incomplete.", transient: true, inner: e);
        }
    }

    /// <summary>Assistant content is a string, or (multi-modal) an array of parts of which we take the text.</summary>
    private static string? ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && Text(part, "text") is { } piece)
            {
                text.Append(piece);
            }
        }

        return text.ToString();
    }

    internal static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;

    /// <summary>
    /// Tool calls stream as deltas: the first piece carries the id and name, later pieces more of the
    /// arguments (sometimes without the id). They are reported once the next kind of message begins.
    /// </summary>
    private sealed class ToolCallAssembly
    {
        private readonly List<(string? Id, StringBuilder Name, StringBuilder Arguments)> _calls = [];

        public void Add(JsonElement message)
        {
            if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    AddDelta(call);
                }
            }
            else if (calls.ValueKind == JsonValueKind.Object)
            {
                AddDelta(calls);
            }
            else if (message.TryGetProperty("tool_call", out var call) && call.ValueKind == JsonValueKind.Object)
            {
                AddDelta(call);
            }
        }

        public IReadOnlyList<ToolCallEvent> Flush()
        {
            if (_calls.Count == 0)
            {
                return [];
            }

            var events = _calls.Select(c => new ToolCallEvent(c.Name.ToString(), c.Arguments.ToString())).ToList();
            _calls.Clear();
            return events;
        }

        private void AddDelta(JsonElement delta)
        {
            var id = Text(delta, "tool_call_id");
            var index = id is null ? _calls.Count - 1 : _calls.FindIndex(c => c.Id == id);
            if (index < 0)
            {
                _calls.Add((id, new StringBuilder(), new StringBuilder()));
                index = _calls.Count - 1;
            }

            var (_, name, arguments) = _calls[index];
            // Some servers repeat the whole name on every delta, others send it once or in pieces.
            if (Text(delta, "name") is { Length: > 0 } namePiece && name.ToString() != namePiece)
            {
                name.Append(namePiece);
            }

            arguments.Append(Text(delta, "arguments"));
        }
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using DeepSync.Agents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace DeepSync.Silo.Agents.OpenAICompatible;

/// <summary>
/// The agent runtime on an OpenAI-compatible chat-completions server where the model name selects
/// a stateful agent (<c>letta server --openai-api</c>, Letta's <c>/v1/chat/completions</c>). The
/// server remembers the conversation, so each call sends only the new message; conversation ids are
/// DeepSync's own and live nowhere on the server. Memory cannot be read or edited through this API.
/// </summary>
public sealed class OpenAICompatibleAgentRuntime(
    IHttpClientFactory httpClients,
    IOptions<OpenAICompatibleOptions> options,
    ILogger<OpenAICompatibleAgentRuntime> logger) : IAgentRuntime
{
    /// <summary>Named HttpClient under the OpenAI pipeline.</summary>
    public const string HttpClientName = "DeepSync.OpenAICompatible";

    private const string NoMemory =
        "The OpenAI-compatible runtime talks to the agent through chat completions only: this runtime keeps no memory you can edit; configure Letta (DeepSync__Letta__ApiKey or DeepSync__Letta__BaseUrl) to see and edit a teammate's memory.";

    // Servers without authentication still need some bearer value for the OpenAI client to start.
    private const string NoKey = "no-key";

    private readonly OpenAICompatibleOptions _options = options.Value;

    /// <summary>The run in flight per conversation, so that <see cref="CancelAsync"/> can stop it.</summary>
    private readonly ConcurrentDictionary<(string AgentId, string ConversationId), CancellationTokenSource> _runs = new();

    public string Name => "openai-compatible";

    public Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default)
    {
        // A node that already has an agent keeps it; an id minted by the offline runtime is not one.
        var agentId = spec.ExistingAgentId is { Length: > 0 } existing && !existing.StartsWith("offline-", StringComparison.Ordinal)
            ? existing
            : _options.AgentId;
        return string.IsNullOrWhiteSpace(agentId)
            ? throw new AgentRuntimeException("The OpenAI-compatible runtime cannot create agents; set DeepSync:OpenAICompatible:AgentId (DeepSync__OpenAICompatible__AgentId).", notSupported: true)
            : Task.FromResult(agentId);
    }

    public Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(string.IsNullOrWhiteSpace(existingConversationId) ? $"{channel}-{Guid.NewGuid():N}" : existingConversationId);

    public async IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var key = (message.AgentId, message.ConversationId);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!_runs.TryAdd(key, run))
        {
            // Same rule as Letta: one run per conversation at a time.
            throw new AgentRuntimeException("The conversation is busy with another reply; try again when it has finished.", busy: true);
        }

        try
        {
            var client = CreateClient(message.AgentId);
            var updates = client.CompleteChatStreamingAsync([new UserChatMessage(message.Text)], new ChatCompletionOptions(), run.Token);
            await using var enumerator = updates.GetAsyncEnumerator(run.Token);
            var toolCalls = new SortedDictionary<int, (StringBuilder Name, StringBuilder Arguments)>();
            string? stopReason = null;
            UsageEvent? usage = null;

            while (true)
            {
                var next = await MoveNextAsync(enumerator, run, message.AgentId, cancellationToken);
                if (next is MoveResult.Cancelled)
                {
                    yield return new StopEvent("cancelled");
                    yield break;
                }

                if (next is MoveResult.End)
                {
                    break;
                }

                var update = enumerator.Current;
                foreach (var part in update.ContentUpdate)
                {
                    if (part.Text is { Length: > 0 } text)
                    {
                        yield return new AssistantTextDelta(text);
                    }
                }

                foreach (var call in update.ToolCallUpdates)
                {
                    if (!toolCalls.TryGetValue(call.Index, out var assembly))
                    {
                        assembly = (new StringBuilder(), new StringBuilder());
                        toolCalls[call.Index] = assembly;
                    }

                    assembly.Name.Append(call.FunctionName);
                    if (call.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
                    {
                        assembly.Arguments.Append(arguments.ToString());
                    }
                }

                if (update.FinishReason is { } finish)
                {
                    stopReason = ToStopReason(finish);
                }

                if (update.Usage is { } tokens)
                {
                    usage = new UsageEvent(tokens.InputTokenCount, tokens.OutputTokenCount);
                }
            }

            foreach (var (name, arguments) in toolCalls.Values)
            {
                yield return new ToolCallEvent(name.ToString(), arguments.ToString());
            }

            // The stream's end alone cannot tell "done" from "connection dropped"; a finish reason can.
            if (stopReason is null)
            {
                throw new AgentRuntimeException("The OpenAI-compatible server ended the stream without finishing the reply; the reply is incomplete.", transient: true);
            }

            if (usage is not null)
            {
                yield return usage;
            }

            yield return new StopEvent(stopReason);
        }
        finally
        {
            _runs.TryRemove(new KeyValuePair<(string, string), CancellationTokenSource>(key, run));
        }
    }

    public Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default)
    {
        // The server has no cancel call; dropping the request is how a chat completion is stopped.
        if (_runs.TryGetValue((agentId, conversationId), out var run))
        {
            try
            {
                run.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended while we were cancelling it.
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default) =>
        throw new AgentRuntimeException(NoMemory, notSupported: true);

    public Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default) =>
        throw new AgentRuntimeException(NoMemory, notSupported: true);

    public Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default) =>
        throw new AgentRuntimeException(NoMemory, notSupported: true);

    public Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        throw new AgentRuntimeException(NoMemory, notSupported: true);

    public Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default) =>
        throw new AgentRuntimeException(NoMemory, notSupported: true);

    public Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default) =>
        throw new AgentRuntimeException(
            $"The OpenAI-compatible runtime cannot delete agents; agent '{agentId}' stays on the server until it is removed there.", notSupported: true);

    private ChatClient CreateClient(string agentId)
    {
        var clientOptions = new OpenAIClientOptions
        {
            // The client appends "/chat/completions"; a trailing slash would double it.
            Endpoint = new Uri(_options.BaseUrl!.TrimEnd('/')),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),

            // A retried completion would make a stateful agent hear the message twice.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = _options.RequestTimeout,
        };
        return new ChatClient(agentId, new ApiKeyCredential(string.IsNullOrEmpty(_options.ApiKey) ? NoKey : _options.ApiKey), clientOptions);
    }

    private async Task<MoveResult> MoveNextAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> enumerator, CancellationTokenSource run, string agentId, CancellationToken cancellationToken)
    {
        try
        {
            return await enumerator.MoveNextAsync() ? MoveResult.Item : MoveResult.End;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (run.IsCancellationRequested)
        {
            // Our own token fired without the caller's: CancelAsync stopped the run.
            logger.LogInformation("Reply from agent {AgentId} cancelled", agentId);
            return MoveResult.Cancelled;
        }
        catch (ClientResultException e)
        {
            throw Translate(e, agentId);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            throw new AgentRuntimeException(
                $"The OpenAI-compatible server at {new Uri(_options.BaseUrl!).Authority} could not be reached or stopped answering ({e.Message}); the reply is incomplete.",
                transient: true,
                inner: e);
        }
    }

    private static AgentRuntimeException Translate(ClientResultException e, string agentId) => e.Status switch
    {
        0 or 408 or 429 or >= 500 => new AgentRuntimeException($"The OpenAI-compatible server could not answer right now (HTTP {e.Status}): {e.Message}", transient: true, inner: e),
        401 or 403 => new AgentRuntimeException(
            $"The OpenAI-compatible server refused DeepSync's credentials (HTTP {e.Status}). Check DeepSync:OpenAICompatible:ApiKey (DeepSync__OpenAICompatible__ApiKey).", inner: e),
        404 => new AgentRuntimeException($"The OpenAI-compatible server does not know the agent (model) '{agentId}' (HTTP 404).", inner: e),
        409 => new AgentRuntimeException("The conversation is busy with another run; try again when it has finished.", busy: true, inner: e),
        _ => new AgentRuntimeException($"The OpenAI-compatible server rejected the message (HTTP {e.Status}): {e.Message}", inner: e),
    };

    /// <summary>Finish reasons in Letta's vocabulary, so callers see one set of stop reasons.</summary>
    private static string ToStopReason(ChatFinishReason finish) => finish switch
    {
        ChatFinishReason.Stop => "end_turn",
        ChatFinishReason.Length => "max_tokens_exceeded",
        ChatFinishReason.ToolCalls or ChatFinishReason.FunctionCall => "tool_call",
        ChatFinishReason.ContentFilter => "content_filter",
        _ => finish.ToString().ToLowerInvariant(),
    };

    private enum MoveResult
    {
        Item,
        End,
        Cancelled,
    }
}

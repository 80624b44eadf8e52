using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DeepSync.Agents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace DeepSync.Silo.Agents.Letta;

/// <summary>
/// The agent runtime on the Letta v1 REST API (Letta Cloud or a compatible server): one Letta agent
/// per node, one Letta conversation per channel, replies streamed as server-sent events.
/// Non-streaming calls go through the <see cref="ApiClientName"/> client, which carries the standard
/// resilience handler (safe methods retried); streams use <see cref="StreamClientName"/>, which does
/// not retry or cap the total time, because a long agent run is not a failure — silence is.
/// </summary>
public sealed class LettaAgentRuntime(
    IHttpClientFactory httpClients,
    IOptions<LettaOptions> options,
    TimeProvider timeProvider,
    ILogger<LettaAgentRuntime> logger) : IAgentRuntime
{
    /// <summary>Named HttpClient for non-streaming calls (with the standard resilience handler).</summary>
    public const string ApiClientName = "DeepSync.Letta";

    /// <summary>Named HttpClient for streamed replies (no retries, no total timeout).</summary>
    public const string StreamClientName = "DeepSync.Letta.Stream";

    private const int ErrorExcerptLength = 600;
    private const int ApprovalLookback = 50;

    /// <summary>Every agent DeepSync creates carries this tag, beside one naming its node.</summary>
    private const string ProductTag = "deepsync";

    private readonly LettaOptions _options = options.Value;

    public string Name => "letta";

    public async Task<string> EnsureAgentAsync(AgentSpec spec, CancellationToken cancellationToken = default)
    {
        // An id from another runtime (e.g. "offline-agent-…") is not Letta's to confirm.
        if (spec.ExistingAgentId is { } existing && existing.StartsWith("agent-", StringComparison.Ordinal))
        {
            using var response = await CallAsync(HttpMethod.Get, $"v1/agents/{Escape(existing)}", null, "look up the node's agent", cancellationToken, notFoundIsAnswer: true);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return existing;
            }

            logger.LogWarning("Letta agent {AgentId} of node {NodeId} no longer exists; creating a new one", existing, spec.NodeId);
        }

        // An earlier attempt may have created the agent and lost the answer (a timeout after the
        // server committed); adopting it by its node tag avoids leaving a twin behind.
        return await FindAgentOfNodeAsync(spec.NodeId, cancellationToken) ?? await CreateAgentAsync(spec, cancellationToken);
    }

    /// <summary>The agent tagged with the node id, if one exists.</summary>
    internal async Task<string?> FindAgentOfNodeAsync(Guid nodeId, CancellationToken cancellationToken)
    {
        // Two tags, because a query array with one element is not recognised as an array by every
        // validator (Prism rejects ?tags=x), and both are on every agent we create anyway.
        var path = $"v1/agents/?tags={Escape(ProductTag)}&tags={Escape(NodeTag(nodeId))}&match_all_tags=true&limit=1";
        using var response = await CallAsync(HttpMethod.Get, path, null, "find the node's agent", cancellationToken);
        var agents = await ReadJsonAsync<List<LettaAgentState>>(response, "find the node's agent", cancellationToken);
        return agents.FirstOrDefault(a => !string.IsNullOrEmpty(a.Id))?.Id;
    }

    /// <summary>Creates a new agent with the node's persona and human blocks.</summary>
    internal async Task<string> CreateAgentAsync(AgentSpec spec, CancellationToken cancellationToken)
    {
        var request = new LettaCreateAgent(
            Name: spec.Name,
            Description: $"DeepSync teammate {spec.Name} (node {spec.NodeId})",
            MemoryBlocks:
            [
                new LettaCreateBlock("persona", spec.Persona, "Who the teammate is and how it behaves."),
                new LettaCreateBlock("human", spec.Human, "What the teammate knows about the people it works with."),
            ],
            Model: _options.Model,
            Embedding: _options.Embedding,
            Tags: [ProductTag, NodeTag(spec.NodeId)],
            Metadata: new Dictionary<string, string> { ["deepsync_node_id"] = spec.NodeId.ToString() });
        using var response = await CallAsync(HttpMethod.Post, "v1/agents/", request, "create the node's agent", cancellationToken);
        var agent = await ReadJsonAsync<LettaAgentState>(response, "create the node's agent", cancellationToken);
        logger.LogInformation("Created Letta agent {AgentId} for node {NodeId}", agent.Id, spec.NodeId);
        return agent.Id;
    }

    public async Task<string> EnsureConversationAsync(string agentId, string channel, string? existingConversationId, CancellationToken cancellationToken = default)
    {
        if (existingConversationId is { } existing && existing.StartsWith("conv-", StringComparison.Ordinal))
        {
            using var response = await CallAsync(HttpMethod.Get, $"v1/conversations/{Escape(existing)}", null, $"look up the {channel} conversation", cancellationToken, notFoundIsAnswer: true);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return existing;
            }
        }

        // The spec takes the agent in the query string; the body only describes the conversation.
        using var created = await CallAsync(
            HttpMethod.Post,
            $"v1/conversations/?agent_id={Escape(agentId)}",
            new LettaCreateConversation($"DeepSync {channel} channel"),
            $"open the {channel} conversation",
            cancellationToken);
        var conversation = await ReadJsonAsync<LettaConversationState>(created, $"open the {channel} conversation", cancellationToken);
        return conversation.Id;
    }

    public async IAsyncEnumerable<AgentEvent> SendAsync(AgentMessage message, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await OpenReplyStreamAsync(message, cancellationToken);
        using (response)
        {
            var body = await ReadBodyStreamAsync(response, cancellationToken);
            await foreach (var agentEvent in LettaStreamReader.ReadAsync(body, _options.RequestTimeout, cancellationToken))
            {
                yield return agentEvent;
            }
        }
    }

    public async Task CancelAsync(string agentId, string conversationId, CancellationToken cancellationToken = default)
    {
        var (path, body) = conversationId.StartsWith("conv-", StringComparison.Ordinal)
            ? ($"v1/conversations/{Escape(conversationId)}/cancel", (object?)null)
            : ($"v1/agents/{Escape(agentId)}/messages/cancel", new { });
        using var _ = await CallAsync(HttpMethod.Post, path, body, "cancel the run in progress", cancellationToken, notFoundIsAnswer: true);
    }

    public async Task<IReadOnlyList<MemoryBlock>> GetCoreMemoryAsync(string agentId, CancellationToken cancellationToken = default)
    {
        using var response = await CallAsync(HttpMethod.Get, $"v1/agents/{Escape(agentId)}/core-memory/blocks", null, "read core memory", cancellationToken);
        var blocks = await ReadJsonAsync<List<LettaBlock>>(response, "read core memory", cancellationToken);
        return blocks.Select(ToMemoryBlock).ToList();
    }

    public async Task<MemoryBlock> UpdateCoreMemoryAsync(string agentId, string label, string value, CancellationToken cancellationToken = default)
    {
        using var response = await CallAsync(
            HttpMethod.Patch,
            $"v1/agents/{Escape(agentId)}/core-memory/blocks/{Escape(label)}",
            new LettaBlockUpdate(value),
            $"update the core memory block '{label}'",
            cancellationToken);
        var block = await ReadJsonAsync<LettaBlock>(response, $"update the core memory block '{label}'", cancellationToken);
        return ToMemoryBlock(block) with { Label = block.Label ?? label };
    }

    public async Task<IReadOnlyList<ArchivalPassage>> SearchArchivalAsync(string agentId, string? query, int limit, CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, 100);
        if (string.IsNullOrWhiteSpace(query))
        {
            using var listed = await CallAsync(HttpMethod.Get, $"v1/agents/{Escape(agentId)}/archival-memory?limit={limit}&ascending=false", null, "list archival memory", cancellationToken);
            var passages = await ReadJsonAsync<List<LettaPassage>>(listed, "list archival memory", cancellationToken);
            return passages.Select(ToPassage).ToList();
        }

        using var found = await CallAsync(HttpMethod.Get, $"v1/agents/{Escape(agentId)}/archival-memory/search?query={Escape(query)}&top_k={limit}", null, "search archival memory", cancellationToken);
        var results = await ReadJsonAsync<LettaSearchResponse>(found, "search archival memory", cancellationToken);
        return (results.Results ?? [])
            .Select(r => new ArchivalPassage(r.Id, r.Content ?? string.Empty, r.Tags ?? [], LettaWire.ParseTime(r.Timestamp)))
            .ToList();
    }

    public async Task<ArchivalPassage> InsertArchivalAsync(string agentId, string text, IReadOnlyList<string> tags, CancellationToken cancellationToken = default)
    {
        using var response = await CallAsync(
            HttpMethod.Post,
            $"v1/agents/{Escape(agentId)}/archival-memory",
            new LettaCreatePassage(text, tags.Count == 0 ? null : tags),
            "add to archival memory",
            cancellationToken);
        var passages = await ReadJsonAsync<List<LettaPassage>>(response, "add to archival memory", cancellationToken);
        return passages.Count > 0
            ? ToPassage(passages[0])
            : throw new AgentRuntimeException("Letta accepted the archival passage but returned none; DeepSync cannot tell its id.");
    }

    public async Task DeleteArchivalAsync(string agentId, string passageId, CancellationToken cancellationToken = default)
    {
        // Deleting what is already gone is what the caller wanted.
        using var _ = await CallAsync(HttpMethod.Delete, $"v1/agents/{Escape(agentId)}/archival-memory/{Escape(passageId)}", null, "delete an archival passage", cancellationToken, notFoundIsAnswer: true);
    }

    public async Task DeleteAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        using var _ = await CallAsync(HttpMethod.Delete, $"v1/agents/{Escape(agentId)}", null, "delete the agent", cancellationToken, notFoundIsAnswer: true);
    }

    /// <summary>
    /// Posts the message and returns the open event stream. A conversation blocked by a tool call
    /// nobody approved is unblocked by denying it (after <see cref="LettaOptions.ApprovalDenyAfter"/>)
    /// and the message is sent once more; a conversation busy with another run is reported as busy.
    /// </summary>
    private async Task<HttpResponseMessage> OpenReplyStreamAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        var request = new LettaConversationMessage(
            [new LettaMessageCreate("user", message.Text, message.IdempotencyKey)],
            Streaming: true,
            StreamTokens: true,
            IncludePings: true);

        var response = await PostStreamAsync(message.ConversationId, request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var detail = await ReadExcerptAsync(response, cancellationToken);
            response.Dispose();
            if (!IsPendingApproval(detail))
            {
                throw Busy(detail);
            }

            await ResolvePendingApprovalAsync(message.ConversationId, cancellationToken);
            response = await PostStreamAsync(message.ConversationId, request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                detail = await ReadExcerptAsync(response, cancellationToken);
                response.Dispose();
                throw IsPendingApproval(detail)
                    ? new AgentRuntimeException("The conversation is still waiting for a tool approval after DeepSync denied the pending one; try again shortly.", busy: true)
                    : Busy(detail);
            }
        }

        await EnsureSuccessAsync(response, "send the message", cancellationToken);
        return response;
    }

    private async Task ResolvePendingApprovalAsync(string conversationId, CancellationToken cancellationToken)
    {
        var pending = await FindPendingApprovalAsync(conversationId, cancellationToken);
        if (pending is null)
        {
            // Answered between the 409 and our look: the retry will tell whether the way is clear.
            return;
        }

        // Someone may still answer it: only deny once it has waited ApprovalDenyAfter in total.
        var wait = pending.RequestedAt + _options.ApprovalDenyAfter - timeProvider.GetUtcNow();
        if (wait > _options.ApprovalDenyAfter)
        {
            wait = _options.ApprovalDenyAfter;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }

        logger.LogInformation(
            "Denying tool approval {RequestId} in conversation {ConversationId}: nobody answered it within {Wait}",
            pending.RequestId, conversationId, _options.ApprovalDenyAfter);
        await DenyApprovalAsync(conversationId, pending, cancellationToken);
    }

    /// <summary>The newest approval request in the conversation that has no answer yet.</summary>
    internal async Task<LettaPendingApproval?> FindPendingApprovalAsync(string conversationId, CancellationToken cancellationToken)
    {
        const string what = "look for the pending tool approval";
        using var response = await CallAsync(HttpMethod.Get, $"v1/conversations/{Escape(conversationId)}/messages?order=desc&limit={ApprovalLookback}", null, what, cancellationToken);
        using var history = await ReadJsonAsync<JsonDocument>(response, what, cancellationToken);
        if (history.RootElement.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // Newest first, so an answer is always seen before the request it answers.
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in history.RootElement.EnumerateArray())
        {
            switch (LettaStreamReader.Text(message, "message_type"))
            {
                case "approval_response_message":
                    if (LettaStreamReader.Text(message, "approval_request_id") is { } requestId)
                    {
                        answered.Add(requestId);
                    }

                    foreach (var approval in Elements(message, "approvals"))
                    {
                        if (LettaStreamReader.Text(approval, "tool_call_id") is { } toolCallId)
                        {
                            answered.Add(toolCallId);
                        }
                    }

                    break;
                case "approval_request_message":
                    var id = LettaStreamReader.Text(message, "id") ?? string.Empty;
                    var toolCallIds = ToolCallIds(message).Where(t => !answered.Contains(t)).Distinct().ToList();
                    if (!answered.Contains(id) && toolCallIds.Count > 0)
                    {
                        return new LettaPendingApproval(id, toolCallIds, LettaWire.ParseTime(LettaStreamReader.Text(message, "date")));
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// Denies the pending tool calls. The agent answers the denial with a run of its own, which is
    /// streamed and drained here, so the conversation is free when the original message is retried.
    /// </summary>
    internal async Task DenyApprovalAsync(string conversationId, LettaPendingApproval pending, CancellationToken cancellationToken)
    {
        var reason = $"Nobody approved this tool call within {_options.ApprovalDenyAfter.TotalSeconds:0.#} s, so DeepSync denied it to keep the conversation going. Ask again if it is still needed.";
        var request = new LettaConversationMessage(
            [new LettaApprovalCreate(pending.ToolCallIds.Select(id => new LettaApprovalReturn(id, Approve: false, reason)).ToList())],
            Streaming: true,
            StreamTokens: false,
            IncludePings: true);
        using var response = await PostStreamAsync(conversationId, request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Someone answered it in the meantime (or the run moved on); the retry will tell.
            logger.LogInformation("Tool approval {RequestId} could not be denied (HTTP {Status}); it was probably answered meanwhile", pending.RequestId, (int)response.StatusCode);
            return;
        }

        await EnsureSuccessAsync(response, "deny the pending tool approval", cancellationToken);
        try
        {
            var body = await ReadBodyStreamAsync(response, cancellationToken);
            await foreach (var _ in LettaStreamReader.ReadAsync(body, _options.RequestTimeout, cancellationToken))
            {
            }
        }
        catch (AgentRuntimeException e)
        {
            // The denial is recorded once the server accepted it; how the agent's answer to it ended
            // does not matter here (the retry meets a busy conversation at worst).
            logger.LogInformation("The agent's run after the approval denial ended abnormally: {Reason}", e.Message);
        }
    }

    private async Task<HttpResponseMessage> PostStreamAsync(string conversationId, LettaConversationMessage body, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(StreamClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/conversations/{Escape(conversationId)}/messages")
        {
            Content = JsonContent.Create(body, options: LettaWire.Json),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");

        // The headers must come within RequestTimeout; after that the reader's idle timeout applies.
        using var headersDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headersDeadline.CancelAfter(_options.RequestTimeout);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersDeadline.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            throw Unreachable("send the message", e);
        }
    }

    private async Task<Stream> ReadBodyStreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            throw Unreachable("read the reply", e);
        }
    }

    /// <summary>
    /// One non-streaming call through the resilient client. Returns a successful response (or a 404
    /// when the caller treats "not found" as an answer); throws <see cref="AgentRuntimeException"/>
    /// for everything else, transient where retrying later can help.
    /// </summary>
    private async Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, object? body, string what, CancellationToken cancellationToken, bool notFoundIsAnswer = false)
    {
        var client = httpClients.CreateClient(ApiClientName);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: LettaWire.Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            throw Unreachable(what, e);
        }

        if (notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound)
        {
            return response;
        }

        await EnsureSuccessAsync(response, what, cancellationToken);
        return response;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var detail = await ReadExcerptAsync(response, cancellationToken);
        response.Dispose();
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new AgentRuntimeException(
                $"Letta refused DeepSync's credentials when trying to {what} (HTTP {status}). Check DeepSync:Letta:ApiKey (DeepSync__Letta__ApiKey)."),
            HttpStatusCode.Conflict => Busy(detail),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => new AgentRuntimeException(
                $"Letta could not {what} right now (HTTP {status}): {detail}", transient: true),
            _ => new AgentRuntimeException($"Letta rejected the request to {what} (HTTP {status}): {detail}"),
        };
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(LettaWire.Json, cancellationToken)
                ?? throw new AgentRuntimeException($"Letta answered the request to {what} with an empty body.");
        }
        catch (JsonException e)
        {
            throw new AgentRuntimeException($"Letta answered the request to {what} with JSON DeepSync cannot read: {e.Message}", inner: e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            throw new AgentRuntimeException($"The connection to Letta broke while reading the answer to {what}.", transient: true, inner: e);
        }
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            return "(the error body could not be read)";
        }

        // Validators such as Prism put the broken rule in a header as well as in the body.
        if (response.Headers.TryGetValues("sl-violations", out var violations))
        {
            text = string.Join(" ", violations) + " " + text;
        }

        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? "(no details)" : text.Length > ErrorExcerptLength ? text[..ErrorExcerptLength] + "…" : text;
    }

    private static bool IsPendingApproval(string detail) =>
        detail.Contains("PENDING_APPROVAL", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("waiting for approval", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("requires_approval", StringComparison.OrdinalIgnoreCase);

    private static AgentRuntimeException Busy(string detail) =>
        new($"The conversation is busy with another run; try again when it has finished. ({detail})", busy: true);

    private AgentRuntimeException Unreachable(string what, Exception e)
    {
        var reason = e switch
        {
            Polly.Timeout.TimeoutRejectedException or OperationCanceledException => $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s",
            Polly.CircuitBreaker.BrokenCircuitException => "too many recent failures, so calls are paused for a moment",
            _ => e.Message,
        };
        return new AgentRuntimeException($"Letta at {_options.EffectiveBaseUrl.Host} could not be reached to {what}: {reason}.", transient: true, inner: e);
    }

    private static bool IsTransportFailure(Exception e) =>
        e is HttpRequestException or IOException or OperationCanceledException or ExecutionRejectedException;

    private static MemoryBlock ToMemoryBlock(LettaBlock block) =>
        new(block.Label ?? string.Empty, block.Value ?? string.Empty, block.Limit, block.Description);

    private static ArchivalPassage ToPassage(LettaPassage passage) =>
        new(passage.Id, passage.Text ?? string.Empty, passage.Tags ?? [], LettaWire.ParseTime(passage.CreatedAt));

    private static IEnumerable<JsonElement> Elements(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static IEnumerable<string> ToolCallIds(JsonElement approvalRequest)
    {
        if (approvalRequest.TryGetProperty("tool_calls", out var calls))
        {
            var list = calls.ValueKind switch
            {
                JsonValueKind.Array => calls.EnumerateArray().ToList(),
                JsonValueKind.Object => [calls],
                _ => [],
            };
            foreach (var call in list)
            {
                if (LettaStreamReader.Text(call, "tool_call_id") is { } id)
                {
                    yield return id;
                }
            }
        }

        if (approvalRequest.TryGetProperty("tool_call", out var single) && single.ValueKind == JsonValueKind.Object
            && LettaStreamReader.Text(single, "tool_call_id") is { } singleId)
        {
            yield return singleId;
        }
    }

    private static string NodeTag(Guid nodeId) => $"deepsync-node:{nodeId:N}";

    private static string Escape(string value) => Uri.EscapeDataString(value);
}

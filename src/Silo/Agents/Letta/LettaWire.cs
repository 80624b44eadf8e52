using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepSync.Silo.Agents.Letta;

/// <summary>
/// The Letta v1 JSON we send and read (snake_case, nulls left out). Only the fields DeepSync uses
/// are modelled; the server ignores what we omit and we ignore what it adds.
/// </summary>
internal static class LettaWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Letta timestamps are ISO 8601; search results use the agent's time zone, so parse leniently.</summary>
    public static DateTimeOffset ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : DateTimeOffset.MinValue;
}

// Requests

/// <summary>POST /v1/agents/ (CreateAgentRequest).</summary>
internal sealed record LettaCreateAgent(
    string Name,
    string Description,
    IReadOnlyList<LettaCreateBlock> MemoryBlocks,
    string Model,
    string Embedding,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>One core memory block of a new agent (CreateBlock).</summary>
internal sealed record LettaCreateBlock(string Label, string Value, string? Description);

/// <summary>POST /v1/conversations/?agent_id=… (CreateConversation); the agent id travels in the query.</summary>
internal sealed record LettaCreateConversation(string? Summary);

/// <summary>POST /v1/conversations/{id}/messages (ConversationMessageRequest).</summary>
internal sealed record LettaConversationMessage(
    IReadOnlyList<object> Messages,
    bool Streaming,
    bool StreamTokens,
    bool IncludePings);

/// <summary>A user message (MessageCreate); <see cref="Otid"/> lets the server drop a resend.</summary>
internal sealed record LettaMessageCreate(string Role, string Content, string? Otid)
{
    public string Type => "message";
}

/// <summary>An answer to pending tool approvals (ApprovalCreate).</summary>
internal sealed record LettaApprovalCreate(IReadOnlyList<LettaApprovalReturn> Approvals)
{
    public string Type => "approval";
}

/// <summary>One approval answer (ApprovalReturn).</summary>
internal sealed record LettaApprovalReturn(string ToolCallId, bool Approve, string? Reason)
{
    public string Type => "approval";
}

/// <summary>PATCH /v1/agents/{id}/core-memory/blocks/{label} (BlockUpdate).</summary>
internal sealed record LettaBlockUpdate(string Value);

/// <summary>POST /v1/agents/{id}/archival-memory (CreateArchivalMemory).</summary>
internal sealed record LettaCreatePassage(string Text, IReadOnlyList<string>? Tags);

// Responses

/// <summary>AgentState, reduced to what we read.</summary>
internal sealed record LettaAgentState(string Id, string? Name);

/// <summary>Conversation, reduced to what we read.</summary>
internal sealed record LettaConversationState(string Id, string? AgentId);

/// <summary>BlockResponse, reduced to what we read.</summary>
internal sealed record LettaBlock(string? Label, string? Value, int? Limit, string? Description);

/// <summary>Passage, reduced to what we read.</summary>
internal sealed record LettaPassage(string Id, string? Text, IReadOnlyList<string>? Tags, string? CreatedAt);

/// <summary>ArchivalMemorySearchResponse.</summary>
internal sealed record LettaSearchResponse(IReadOnlyList<LettaSearchResult>? Results);

/// <summary>ArchivalMemorySearchResult.</summary>
internal sealed record LettaSearchResult(string Id, string? Timestamp, string? Content, IReadOnlyList<string>? Tags);

/// <summary>A tool call (or several) the agent is waiting on someone to approve, found in a conversation's history.</summary>
internal sealed record LettaPendingApproval(string RequestId, IReadOnlyList<string> ToolCallIds, DateTimeOffset RequestedAt);

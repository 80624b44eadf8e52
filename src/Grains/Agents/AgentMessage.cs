namespace DeepSync.Agents;

/// <summary>One user message for an agent, in one conversation. The idempotency key lets a runtime drop a resend.</summary>
public sealed record AgentMessage(string AgentId, string ConversationId, string Sender, string Text, string IdempotencyKey);

namespace DeepSync.Agents;

/// <summary>One user message for a node's agent, in one conversation (a channel's thread).</summary>
public sealed record AgentTurn(Guid NodeId, string NodeName, string Channel, string Sender, string Text, string IdempotencyKey);

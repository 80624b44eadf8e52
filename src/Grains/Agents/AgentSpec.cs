namespace DeepSync.Agents;

/// <summary>What an agent for a node is made of. Model and embedding come from the runtime's configuration.</summary>
public sealed record AgentSpec(Guid NodeId, string Name, string Persona, string Human, string? ExistingAgentId);

namespace DeepSync.Agents;

/// <summary>One piece of an agent's streamed response.</summary>
public abstract record AgentEvent;

/// <summary>More assistant text; concatenate the deltas in order.</summary>
public sealed record AssistantTextDelta(string Text) : AgentEvent;

/// <summary>Reasoning text, when the model exposes it.</summary>
public sealed record ReasoningDelta(string Text) : AgentEvent;

/// <summary>The agent called a tool.</summary>
public sealed record ToolCallEvent(string ToolName, string Arguments) : AgentEvent;

/// <summary>Token usage of the run.</summary>
public sealed record UsageEvent(int PromptTokens, int CompletionTokens) : AgentEvent;

/// <summary>The run ended; <see cref="Reason"/> is the runtime's stop reason (e.g. <c>end_turn</c>, <c>cancelled</c>).</summary>
public sealed record StopEvent(string Reason, string? RunId = null) : AgentEvent;

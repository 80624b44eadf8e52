namespace DeepSync.Governance.Egress;

/// <summary>
/// A teammate container asking whether it may run a tool: the tool's name and, for shell-like tools, the
/// command line it is about to run.
/// </summary>
public sealed record EgressRequest(string ToolName, string? Command);

namespace DeepSync.Web.NodeApi;

/// <summary>What a node asks the egress guard: the tool it is about to run and its command line, if any.</summary>
public sealed record EgressCheckRequest(string? Tool, string? Command);

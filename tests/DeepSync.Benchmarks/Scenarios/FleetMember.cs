using DeepSync.Governance;

namespace DeepSync.Benchmarks.Scenarios;

/// <summary>A provisioned node and the user who owns it (the actor every read is made as).</summary>
public sealed record FleetMember(Guid NodeId, Actor Owner);

namespace DeepSync.Governance.Egress;

/// <summary>One rule an inspected command breaks; the policy reports the most severe (the first, among equals).</summary>
internal sealed record EgressFinding(string Rule, string Reason, StrikeSeverity Severity);

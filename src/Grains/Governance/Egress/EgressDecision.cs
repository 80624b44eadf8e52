namespace DeepSync.Governance.Egress;

/// <summary>
/// The policy's answer to an <see cref="EgressRequest"/>.
/// </summary>
/// <param name="Allowed">Whether the tool may run.</param>
/// <param name="Reason">Why, in a sentence fit for the audit ledger and the agent.</param>
/// <param name="Severity">For a denial, how serious a strike it is; <see cref="StrikeSeverity.None"/> when allowed.</param>
/// <param name="MatchedRule">For a denial, the rule that matched: a denied command's name or one of <see cref="EgressRules"/>.</param>
public sealed record EgressDecision(bool Allowed, string Reason, StrikeSeverity Severity, string? MatchedRule)
{
    /// <summary>An allowing decision: no strike, no rule.</summary>
    public static EgressDecision Allow(string reason) => new(true, reason, StrikeSeverity.None, null);

    /// <summary>A denying decision for <paramref name="rule"/>.</summary>
    public static EgressDecision Deny(string rule, string reason, StrikeSeverity severity) => new(false, reason, severity, rule);
}

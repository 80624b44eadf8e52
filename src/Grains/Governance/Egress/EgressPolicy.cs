namespace DeepSync.Governance.Egress;

/// <summary>
/// The egress guard's decision: may a teammate's agent run this tool with this command line? Pure and
/// deterministic — no I/O, no clock, no grain — so the same request always gets the same answer.
/// </summary>
/// <remarks>
/// <para>
/// A tool whose name is in <see cref="EgressPolicyOptions.DeniedToolNames"/> is denied outright. Otherwise the
/// command, if any, is read as a bash command line and denied when any word in command position — after quote
/// removal, path stripping, wrappers (<c>sudo</c>, <c>env</c>, <c>timeout</c>, <c>xargs</c>, <c>busybox</c>, …),
/// <c>sh -c</c>/<c>eval</c>, substitutions, variables assigned in the same command line, globs, brace expansion
/// and decoders (base64, base32, hex, gzip, rev, tr) — is a denied command, or <c>rm</c> with recursive and
/// force flags. Decoded text fed to a shell is denied on its own (<see cref="EgressRules.DecodedToShell"/>).
/// Denied names that are mere arguments (<c>grep -r wget docs/</c>) do not count.
/// </para>
/// <para>
/// When several rules match, the most severe is reported, and among equals the first in reading order.
/// Commands longer than <see cref="EgressPolicyOptions.MaxCommandLength"/> are denied unread.
/// </para>
/// </remarks>
public sealed class EgressPolicy
{
    private readonly EgressRuleSet rules;

    public EgressPolicy()
        : this(new EgressPolicyOptions())
    {
    }

    public EgressPolicy(EgressPolicyOptions options)
    {
        rules = EgressRuleSet.From(options);
    }

    /// <summary>Decides whether <paramref name="request"/> may run.</summary>
    public EgressDecision Decide(EgressRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var tool = request.ToolName?.Trim() ?? string.Empty;
        if (rules.DeniedToolNames.Contains(tool))
        {
            return EgressDecision.Deny(EgressRules.DeniedTool(tool), $"The tool '{tool}' is on the egress deny list.", StrikeSeverity.Medium);
        }

        var command = request.Command;
        if (string.IsNullOrWhiteSpace(command))
        {
            return EgressDecision.Allow($"The tool '{tool}' is allowed and has no command to inspect.");
        }

        // Checked before parsing: an attacker must not be able to make the guard do unbounded work.
        if (command.Length > rules.MaxCommandLength)
        {
            return EgressDecision.Deny(
                EgressRules.TooLong,
                $"The command is {command.Length} characters long; at most {rules.MaxCommandLength} can be inspected.",
                StrikeSeverity.Low);
        }

        var inspection = new EgressInspection(rules);
        inspection.InspectScript(command, depth: 0, via: string.Empty, variables: null);

        // OrderByDescending is stable, so among equally severe findings the first one found wins.
        var finding = inspection.Findings.OrderByDescending(candidate => candidate.Severity).FirstOrDefault();
        return finding is null
            ? EgressDecision.Allow("No denied command found.")
            : EgressDecision.Deny(finding.Rule, finding.Reason, finding.Severity);
    }
}

using System.Collections.Frozen;

namespace DeepSync.Governance.Egress;

/// <summary>An immutable snapshot of <see cref="EgressPolicyOptions"/>, so later changes to the options cannot change a policy.</summary>
internal sealed record EgressRuleSet(
    FrozenDictionary<string, StrikeSeverity> DeniedCommands,
    FrozenSet<string> DeniedToolNames,
    bool DenyRecursiveForceRemove,
    bool DenyRawSocketRedirects,
    int MaxCommandLength,
    int MaxNestingDepth)
{
    public static EgressRuleSet From(EgressPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCommandLength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxNestingDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxNestingDepth, EgressPolicyOptions.MaxAllowedNestingDepth);

        var denied = new Dictionary<string, StrikeSeverity>(StringComparer.Ordinal);
        foreach (var (name, severity) in options.DeniedCommands ?? Enumerable.Empty<KeyValuePair<string, StrikeSeverity>>())
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            // A strike of severity None would be a denial that does not count; treat it as Low.
            denied[name.Trim().ToLowerInvariant()] = severity == StrikeSeverity.None ? StrikeSeverity.Low : severity;
        }

        var tools = (options.DeniedToolNames ?? Enumerable.Empty<string>()).Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name.Trim());
        return new EgressRuleSet(
            denied.ToFrozenDictionary(StringComparer.Ordinal),
            tools.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            options.DenyRecursiveForceRemove,
            options.DenyRawSocketRedirects,
            options.MaxCommandLength,
            options.MaxNestingDepth);
    }
}

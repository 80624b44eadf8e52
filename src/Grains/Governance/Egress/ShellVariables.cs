namespace DeepSync.Governance.Egress;

/// <summary>
/// The shell variables a script assigns, tracked in reading order so that <c>c=curl; $c</c> and
/// <c>a=cu; b=rl; $a$b</c> resolve to the command they would run. Variables from the container's
/// environment are unknown to the policy.
/// </summary>
internal sealed class ShellVariables
{
    private readonly Dictionary<string, string?> values;

    public ShellVariables()
    {
        // IFS is the one variable whose value every shell starts with; curl${IFS}evil.com relies on it.
        values = new Dictionary<string, string?>(StringComparer.Ordinal) { ["IFS"] = " \t\n" };
    }

    private ShellVariables(Dictionary<string, string?> values)
    {
        this.values = new Dictionary<string, string?>(values, StringComparer.Ordinal);
    }

    public ShellVariables Copy() => new(values);

    /// <summary>Records an assignment; a null value means "assigned, but to something the policy cannot know".</summary>
    public void Set(string name, string? value) => values[name] = value?.Length > WordExpansion.MaxLength ? null : value;

    /// <summary>The value, or null when the variable was never assigned in the inspected text or its value is unknown.</summary>
    public string? Get(string name) => values.GetValueOrDefault(name);
}

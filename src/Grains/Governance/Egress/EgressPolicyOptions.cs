namespace DeepSync.Governance.Egress;

/// <summary>Configuration of the <see cref="EgressPolicy"/>: what is denied and how much text it inspects.</summary>
public sealed class EgressPolicyOptions
{
    /// <summary>
    /// Commands that may not run, by file name (matched case-insensitively, with or without a path, and with
    /// version or dotted suffixes such as <c>wget2</c> or <c>nc.openbsd</c>), and the strike severity of running one.
    /// </summary>
    public Dictionary<string, StrikeSeverity> DeniedCommands { get; set; } = DefaultDeniedCommands();

    /// <summary>Whether <c>rm</c> with both recursive and force flags is denied (High).</summary>
    public bool DenyRecursiveForceRemove { get; set; } = true;

    /// <summary>Whether redirections to bash's <c>/dev/tcp</c> and <c>/dev/udp</c> sockets are denied (High).</summary>
    public bool DenyRawSocketRedirects { get; set; } = true;

    /// <summary>
    /// Tool names denied outright, whatever their arguments (e.g. <c>http_request</c>, <c>fetch</c>); matched
    /// case-insensitively. Empty by default: network tools are a product decision, not a default.
    /// </summary>
    public HashSet<string> DeniedToolNames { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Longest command (and longest decoded payload) inspected; anything longer is denied as too long to inspect.</summary>
    public int MaxCommandLength { get; set; } = 8_000;

    /// <summary>
    /// How deeply shells, substitutions, decoders and wrappers (<c>sudo</c>, <c>env</c>, …) may nest before the command is
    /// denied as too deep to inspect. At most <see cref="MaxAllowedNestingDepth"/>, which keeps the inspection's recursion bounded.
    /// </summary>
    public int MaxNestingDepth { get; set; } = 8;

    /// <summary>The largest accepted <see cref="MaxNestingDepth"/>.</summary>
    public const int MaxAllowedNestingDepth = 32;

    /// <summary>The default deny list: curl and wget (Medium); nc, ncat, netcat, nmap and mkfifo (High).</summary>
    public static Dictionary<string, StrikeSeverity> DefaultDeniedCommands() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["curl"] = StrikeSeverity.Medium,
        ["wget"] = StrikeSeverity.Medium,
        ["nc"] = StrikeSeverity.High,
        ["ncat"] = StrikeSeverity.High,
        ["netcat"] = StrikeSeverity.High,
        ["nmap"] = StrikeSeverity.High,
        ["mkfifo"] = StrikeSeverity.High,
    };
}

namespace DeepSync.Governance.Egress;

/// <summary>
/// The <see cref="EgressDecision.MatchedRule"/> values the policy reports besides denied command names
/// (a denied command reports its own name in lower case, e.g. <c>curl</c> or <c>nc</c>).
/// </summary>
/// <remarks>
/// Severities, and why:
/// <list type="bullet">
/// <item><c>rm -rf</c>: High — irreversible destruction of the workspace.</item>
/// <item><c>nc</c>/<c>ncat</c>/<c>netcat</c>, <c>nmap</c>, <c>mkfifo</c>: High by default — raw sockets, network
/// reconnaissance and the named-pipe plumbing of reverse shells have no place in an agent's work.</item>
/// <item><c>curl</c>, <c>wget</c>: Medium by default — data exfiltration or downloads, but also what a well-meaning
/// agent reaches for first.</item>
/// <item><see cref="DecodedToShell"/>, <see cref="RawSocketRedirect"/>, <see cref="TooDeep"/>: High — deliberate
/// concealment or a socket opened without any tool.</item>
/// <item>A denied tool name: Medium.</item>
/// <item><see cref="TooLong"/>: Low — long commands are usually innocent, they are just not inspected.</item>
/// </list>
/// </remarks>
public static class EgressRules
{
    /// <summary><c>rm</c> with both recursive and force flags.</summary>
    public const string RecursiveForceRemove = "rm -rf";

    /// <summary>Decoded or transformed text (base64, hex, rev, gunzip, …) is fed to a shell or interpreter to run.</summary>
    public const string DecodedToShell = "decoded-to-shell";

    /// <summary>A redirection to bash's <c>/dev/tcp/…</c> or <c>/dev/udp/…</c>, which opens a network socket.</summary>
    public const string RawSocketRedirect = "dev-tcp";

    /// <summary>The command (or a payload decoded from it) is longer than the policy inspects.</summary>
    public const string TooLong = "too-long";

    /// <summary>Shells, substitutions and decoders are nested deeper than the policy inspects.</summary>
    public const string TooDeep = "too-deep";

    /// <summary>The rule reported when a tool is denied by name.</summary>
    public static string DeniedTool(string toolName) => "tool:" + toolName;
}

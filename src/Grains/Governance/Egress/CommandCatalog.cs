using System.Collections.Frozen;

namespace DeepSync.Governance.Egress;

/// <summary>
/// The commands the policy understands beyond the deny list: wrappers that run another command, shells and
/// interpreters that run text, and commands that print, decode or transform text.
/// </summary>
internal static class CommandCatalog
{
    public static readonly FrozenDictionary<string, WrapperSyntax> Wrappers = new Dictionary<string, WrapperSyntax>
    {
        ["env"] = new("uC", ["unset", "chdir"], "S", ["split-string"]),
        ["sudo"] = new("CDghpRrtTUu", ["close-from", "chdir", "group", "host", "prompt", "chroot", "role", "type", "command-timeout", "other-user", "user"]),
        ["doas"] = new("uC"),
        ["nohup"] = new(),
        ["setsid"] = new(),
        ["builtin"] = new(),
        ["command"] = new(),
        ["exec"] = new("a"),
        ["unbuffer"] = new(),
        ["busybox"] = new(),
        ["toybox"] = new(),
        ["unshare"] = new(),
        ["firejail"] = new(),
        ["nice"] = new("n", ["adjustment"]),
        ["ionice"] = new("cnpPu", ["class", "classdata", "pid", "pgid", "uid"]),
        ["stdbuf"] = new("ioe", ["input", "output", "error"]),
        ["time"] = new("fo", ["format", "output"]),
        ["timeout"] = new("sk", ["signal", "kill-after"], Operands: 1),
        ["chroot"] = new(LongWithArgument: ["userspec", "groups"], Operands: 1),
        ["taskset"] = new(Operands: 1),
        ["flock"] = new("wE", ["timeout", "wait", "conflict-exit-code"], "c", ["command"], Operands: 1),
        ["xargs"] = new("adEILnPs", ["arg-file", "delimiter", "eof", "max-args", "max-procs", "max-lines", "max-chars", "replace", "process-slot-var"], AttachedOnly: "eil"),
        ["strace"] = new("abeEIoOpPsSuX", ["output"]),
        ["ltrace"] = new("aAeEnopsuXlL", ["output"]),
        ["su"] = new("sgGw", ["shell", "group", "supp-group", "whitelist-environment"], "c", ["command", "session-command"], RunsCommand: false),
        ["runuser"] = new("sgGuw", ["shell", "group", "supp-group", "user", "whitelist-environment"], "c", ["command", "session-command"], RunsCommand: false),
        ["script"] = new("EIOBTmo", ["echo", "log-in", "log-out", "log-io", "log-timing", "logging-format", "output-limit"], "c", ["command"], RunsCommand: false),
        ["watch"] = new("nq", ["interval"], JoinsCommand: true),
        ["ssh"] = new("BbcDEeFIiJLlmOoPpQRSWw", Operands: 1, JoinsCommand: true),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Shells = FrozenSet.ToFrozenSet(
        ["sh", "bash", "dash", "zsh", "ksh", "mksh", "lksh", "pdksh", "oksh", "ash", "yash", "posh", "rbash", "fish", "csh", "tcsh"],
        StringComparer.Ordinal);

    /// <summary>Interpreters that run a program read from standard input when given no script.</summary>
    public static readonly FrozenSet<string> Interpreters = FrozenSet.ToFrozenSet(
        ["python", "perl", "ruby", "node", "nodejs", "php", "lua", "tclsh", "pwsh", "powershell", "osascript"],
        StringComparer.Ordinal);

    /// <summary>Other commands with dedicated handling in the inspection.</summary>
    public static readonly FrozenSet<string> Special = FrozenSet.ToFrozenSet(
        ["rm", "eval", "source", ".", "trap", "alias", "export", "declare", "typeset", "local", "readonly", "find", "which", "type",
         "awk", "gawk", "mawk", "nawk",
         "echo", "printf", "cat", "tee", "base64", "base32", "basenc", "openssl", "xxd", "rev", "tr", "gunzip", "gzip", "zcat"],
        StringComparer.Ordinal);

    /// <summary>Shell reserved words that may precede a command without being one.</summary>
    public static readonly FrozenSet<string> ReservedWords = FrozenSet.ToFrozenSet(
        ["!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac", "coproc"],
        StringComparer.Ordinal);

    public static bool IsKnown(string name) =>
        Wrappers.ContainsKey(name) || Shells.Contains(name) || Interpreters.Contains(name) || Special.Contains(name);

    public static IEnumerable<string> KnownNames =>
        Wrappers.Keys.Concat(Shells).Concat(Interpreters).Concat(Special);

    /// <summary>
    /// The names a command file name may stand for, most specific first: the name itself, then without a version
    /// suffix (<c>wget2</c>, <c>python3.12</c>), then without a dotted suffix (<c>nc.openbsd</c>, <c>curl.exe</c>).
    /// Matching is case-insensitive.
    /// </summary>
    public static IReadOnlyList<string> Variants(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        var variants = new List<string> { name };
        var unversioned = name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '-', '_');
        if (unversioned.Length > 0 && unversioned != name)
        {
            variants.Add(unversioned);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && !variants.Contains(name[..dot]))
        {
            variants.Add(name[..dot]);
        }

        return variants;
    }
}

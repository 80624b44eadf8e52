namespace DeepSync.Governance.Egress;

/// <summary>Reads <c>rm</c>'s arguments the way GNU <c>rm</c> does, to tell <c>rm -rf</c> from <c>rm -r</c>.</summary>
internal static class RemoveCommand
{
    /// <summary>
    /// True when the arguments ask for both recursion and force, in any spelling: <c>-rf</c>, <c>-fr</c>, <c>-Rf</c>,
    /// <c>-r -f</c>, <c>--recursive --force</c> (or unambiguous abbreviations such as <c>--rec</c>), and
    /// <c>--interactive=never</c> for force. GNU rm accepts options after file names, so every argument before
    /// <c>--</c> counts; what is being removed does not matter.
    /// </summary>
    public static bool IsRecursiveForced(IEnumerable<string> arguments)
    {
        bool recursive = false, force = false;
        foreach (var argument in arguments)
        {
            if (argument == "--")
            {
                break;
            }

            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var name = argument[2..];
                var value = string.Empty;
                var equals = name.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                {
                    value = name[(equals + 1)..];
                    name = name[..equals];
                }

                if (name.Length == 0)
                {
                    continue;
                }

                recursive |= "recursive".StartsWith(name, StringComparison.Ordinal);
                force |= "force".StartsWith(name, StringComparison.Ordinal)
                    || (name.Length >= 2 && "interactive".StartsWith(name, StringComparison.Ordinal) && value == "never");
            }
            else if (argument.Length > 1 && argument[0] == '-')
            {
                recursive |= argument.Contains('r', StringComparison.Ordinal) || argument.Contains('R', StringComparison.Ordinal);
                force |= argument.Contains('f', StringComparison.Ordinal);
            }
        }

        return recursive && force;
    }
}

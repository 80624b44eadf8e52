namespace DeepSync.Governance.Egress;

/// <summary>
/// How a command that runs another command (<c>sudo</c>, <c>env</c>, <c>timeout</c>, <c>xargs</c>, …) lays out its
/// arguments, so the policy can find the wrapped command without confusing option values for it.
/// </summary>
/// <param name="ShortWithArgument">Short options that take a value (<c>-u root</c> or <c>-uroot</c>).</param>
/// <param name="LongWithArgument">Long options (without dashes) that take a value (<c>--user root</c> or <c>--user=root</c>).</param>
/// <param name="ShortScript">Short options whose value is a shell script to run (<c>su -c</c>, <c>env -S</c>).</param>
/// <param name="LongScript">Long options whose value is a shell script to run.</param>
/// <param name="AttachedOnly">Short options whose value, if any, is attached (<c>xargs -i{}</c>).</param>
/// <param name="Operands">Operands between the options and the wrapped command (<c>timeout</c>'s duration).</param>
/// <param name="RunsCommand">False when only the script options run code (<c>su</c>, <c>script</c>).</param>
/// <param name="JoinsCommand">True when the wrapped command's words are joined and run by a shell (<c>watch</c>).</param>
internal sealed record WrapperSyntax(
    string ShortWithArgument = "",
    IReadOnlyList<string>? LongWithArgument = null,
    string ShortScript = "",
    IReadOnlyList<string>? LongScript = null,
    string AttachedOnly = "",
    int Operands = 0,
    bool RunsCommand = true,
    bool JoinsCommand = false);

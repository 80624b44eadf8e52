namespace DeepSync.Governance.Egress;

/// <summary>One simple command of a script, with its redirections kept apart from its words.</summary>
/// <param name="Words">The words in order, reserved words such as <c>if</c> or <c>{</c> included.</param>
/// <param name="Redirects">The redirections, in order.</param>
/// <param name="PipedFromPrevious">True when the previous command's output is piped into this one (<c>|</c>, <c>|&amp;</c>).</param>
/// <param name="Terminator">The operator that ended the command (<c>;</c>, <c>;;</c>, <c>&amp;&amp;</c>, <c>|</c>, <c>)</c>, a newline, …);
/// empty at the end of the text. It tells a <c>case</c> pattern (<c>*)</c>) from a command.</param>
public sealed record ShellCommand(IReadOnlyList<ShellWord> Words, IReadOnlyList<ShellRedirect> Redirects, bool PipedFromPrevious, string Terminator);

namespace DeepSync.Governance.Egress;

/// <summary>
/// One word after expansion, as the command would receive it.
/// </summary>
/// <param name="Value">The text; parts the policy cannot resolve contribute nothing.</param>
/// <param name="Pattern">The same text with quoted glob characters backslash-escaped, for glob and brace handling.</param>
/// <param name="Unknown">True when part of the word could not be resolved (an environment variable, a program's output).</param>
/// <param name="Decoded">True when part of the word came from decoded or transformed text.</param>
/// <param name="ProcessOutput">For a process substitution (<c>&lt;(…)</c>), what the file would contain.</param>
internal sealed record ShellField(string Value, string Pattern, bool Unknown, bool Decoded, StreamContent? ProcessOutput);

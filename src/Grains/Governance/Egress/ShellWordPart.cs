namespace DeepSync.Governance.Egress;

/// <summary>
/// One piece of a shell word as written: literal text, a parameter expansion or a command substitution.
/// Keeping the pieces apart (instead of flattening to a string) is what lets the policy resolve
/// <c>"cu"rl</c>, <c>$a$b</c> or <c>$(echo curl)</c> to the command that would actually run.
/// </summary>
/// <param name="Quoted">True when the piece sat inside quotes or was backslash-escaped, so the shell
/// neither word-splits nor globs it.</param>
public abstract record ShellWordPart(bool Quoted);

/// <summary>Literal text after quote removal.</summary>
public sealed record ShellLiteralPart(string Text, bool Quoted) : ShellWordPart(Quoted);

/// <summary>
/// A parameter expansion: <c>$name</c>, <c>${name}</c> or <c>${name OP argument}</c>
/// (e.g. <c>${x:-curl}</c> has operator <c>:-</c> and argument <c>curl</c>).
/// </summary>
public sealed record ShellParameterPart(string Name, string Operator, ShellWord? Argument, bool Quoted) : ShellWordPart(Quoted);

/// <summary>
/// A command substitution (<c>$(…)</c> or backticks) or, when <paramref name="IsProcess"/>, a process
/// substitution (<c>&lt;(…)</c>, <c>&gt;(…)</c>). <paramref name="Script"/> is the unparsed inner text.
/// </summary>
public sealed record ShellSubstitutionPart(string Script, bool IsProcess, bool Quoted) : ShellWordPart(Quoted);

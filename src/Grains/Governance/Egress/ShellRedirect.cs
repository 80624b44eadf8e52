namespace DeepSync.Governance.Egress;

/// <summary>
/// A redirection of a simple command: the operator (<c>&gt;</c>, <c>&lt;</c>, <c>&lt;&lt;&lt;</c>, <c>&lt;&lt;</c>, …)
/// and its target word. For a here-document (<c>&lt;&lt;</c>, <c>&lt;&lt;-</c>) the target is the document's body,
/// not its delimiter, because the body is what the command reads.
/// </summary>
public sealed record ShellRedirect(string Operator, ShellWord Target)
{
    /// <summary>True for here-documents and here-strings, whose text becomes the command's standard input.</summary>
    public bool IsInlineInput => Operator is "<<" or "<<-" or "<<<";
}

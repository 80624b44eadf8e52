using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>One shell word as the tokenizer found it, made of literal, expansion and substitution parts.</summary>
public sealed record ShellWord(IReadOnlyList<ShellWordPart> Parts)
{
    /// <summary>True when the word has no expansion or substitution, i.e. its text is known without a shell.</summary>
    public bool IsLiteral => Parts.All(part => part is ShellLiteralPart);

    /// <summary>The word's text with quotes removed; expansions are shown as written (<c>$x</c>, <c>$(…)</c>).</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            foreach (var part in Parts)
            {
                text.Append(part switch
                {
                    ShellLiteralPart literal => literal.Text,
                    ShellParameterPart parameter => "${" + parameter.Name + parameter.Operator + parameter.Argument?.Text + "}",
                    ShellSubstitutionPart { IsProcess: true } substitution => "<(" + substitution.Script + ")",
                    ShellSubstitutionPart substitution => "$(" + substitution.Script + ")",
                    _ => string.Empty,
                });
            }

            return text.ToString();
        }
    }

    /// <summary>Every command or process substitution inside the word, including those nested in <c>${x:-$(…)}</c>.</summary>
    public IEnumerable<ShellSubstitutionPart> Substitutions()
    {
        foreach (var part in Parts)
        {
            if (part is ShellSubstitutionPart substitution)
            {
                yield return substitution;
            }
            else if (part is ShellParameterPart { Argument: { } argument })
            {
                foreach (var inner in argument.Substitutions())
                {
                    yield return inner;
                }
            }
        }
    }
}

using System.Globalization;
using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// Expands a <see cref="ShellWord"/> into the fields a command would receive: variables the script assigned,
/// substitution outputs the policy could work out, word splitting of unquoted expansions and brace expansion.
/// Anything it cannot resolve is marked <see cref="ShellField.Unknown"/> rather than guessed.
/// </summary>
internal static class WordExpansion
{
    /// <summary>
    /// The most text one word, variable or captured output may hold. Beyond it the value counts as unknown, so
    /// that a=$a$a repeated cannot make the policy build gigabytes of text.
    /// </summary>
    public const int MaxLength = 65_536;

    private const int MaxBraceExpansions = 64;

    public static IReadOnlyList<ShellField> Expand(ShellWord word, ShellVariables variables, Func<ShellSubstitutionPart, StreamContent> outputOf)
    {
        var fields = new List<FieldBuilder>();
        var current = new FieldBuilder();
        var decoded = false;

        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case ShellLiteralPart literal:
                    current.Append(literal.Text, literal.Quoted);
                    break;
                case ShellParameterPart parameter:
                    {
                        var (value, known, fromDecoder) = Resolve(parameter, variables, outputOf);
                        decoded |= fromDecoder;
                        if (known)
                        {
                            // "$@" yields one field per argument; splitting approximates that.
                            AppendExpansion(value, parameter.Quoted && parameter.Name is not ("@" or "*"));
                        }
                        else
                        {
                            current.MarkUnknown();
                        }

                        break;
                    }

                case ShellSubstitutionPart { IsProcess: true } process:
                    current.Append("/dev/fd/63", quoted: true);
                    current.ProcessOutput = outputOf(process);
                    break;
                case ShellSubstitutionPart substitution:
                    {
                        var output = outputOf(substitution);
                        decoded |= output.Decoded;
                        if (output.Text is { } text)
                        {
                            AppendExpansion(text.TrimEnd('\n'), substitution.Quoted);
                        }
                        else
                        {
                            current.MarkUnknown();
                        }

                        break;
                    }
            }
        }

        if (current.IsReal)
        {
            fields.Add(current);
        }

        var result = new List<ShellField>();
        foreach (var field in fields)
        {
            var pattern = field.Pattern.ToString();
            IReadOnlyList<string> expansions = field.Unknown ? [pattern] : ShellPatterns.ExpandBraces(pattern, MaxBraceExpansions);
            foreach (var expansion in expansions)
            {
                var value = expansions.Count == 1 ? field.Value.ToString() : ShellPatterns.Unescape(expansion);
                result.Add(new ShellField(value, expansion, field.Unknown, decoded, field.ProcessOutput));
            }
        }

        return result;

        void AppendExpansion(string text, bool quoted)
        {
            if (quoted)
            {
                current.Append(text, quoted: true);
                return;
            }

            // Unquoted expansions are split on IFS: c="curl -s"; $c runs curl, and so does IFS=,; c=curl,x; $c.
            var separators = variables.Get("IFS") ?? " \t\n"; // an IFS we cannot know: assume the default
            foreach (var c in text)
            {
                if (separators.Contains(c))
                {
                    if (current.IsReal)
                    {
                        fields.Add(current);
                        current = new FieldBuilder();
                    }
                }
                else
                {
                    current.Append(c.ToString(), quoted: false);
                }
            }
        }
    }

    /// <summary>Expands a word without splitting it (assignment values, here-strings, redirection targets).</summary>
    public static (string Value, bool Unknown, bool Decoded) Join(ShellWord word, ShellVariables variables, Func<ShellSubstitutionPart, StreamContent> outputOf)
    {
        var text = new StringBuilder();
        var unknown = false;
        var decoded = false;
        foreach (var part in word.Parts)
        {
            if (text.Length > MaxLength)
            {
                return (string.Empty, true, decoded);
            }

            switch (part)
            {
                case ShellLiteralPart literal:
                    text.Append(literal.Text);
                    break;
                case ShellParameterPart parameter:
                    {
                        var (value, known, fromDecoder) = Resolve(parameter, variables, outputOf);
                        decoded |= fromDecoder;
                        unknown |= !known;
                        text.Append(value);
                        break;
                    }

                case ShellSubstitutionPart { IsProcess: true }:
                    text.Append("/dev/fd/63");
                    break;
                case ShellSubstitutionPart substitution:
                    {
                        var output = outputOf(substitution);
                        decoded |= output.Decoded;
                        unknown |= !output.IsKnown;
                        text.Append(output.Text?.TrimEnd('\n'));
                        break;
                    }
            }
        }

        return (text.ToString(), unknown, decoded);
    }

    private static (string Value, bool Known, bool Decoded) Resolve(ShellParameterPart parameter, ShellVariables variables, Func<ShellSubstitutionPart, StreamContent> outputOf)
    {
        var value = parameter.Name.Length > 0 ? variables.Get(parameter.Name) : null;
        switch (parameter.Operator)
        {
            case "" or "," or ",," or "^" or "^^" or ":?" or "?":
                // Case changes do not matter: command names are matched case-insensitively.
                return value is null ? (string.Empty, false, false) : (value, true, false);
            case ":-" or "-" or ":=" or "=":
                {
                    if (!string.IsNullOrEmpty(value))
                    {
                        return (value, true, false);
                    }

                    // Unset or unknown: assume the default applies, which is the case an evasion relies on.
                    var (fallback, unknown, decoded) = parameter.Argument is null ? (string.Empty, false, false) : Join(parameter.Argument, variables, outputOf);
                    if (parameter.Operator is ":=" or "=" && !unknown)
                    {
                        variables.Set(parameter.Name, fallback);
                    }

                    return (fallback, !unknown, decoded);
                }

            case ":+" or "+":
                {
                    var (alternative, unknown, decoded) = parameter.Argument is null ? (string.Empty, false, false) : Join(parameter.Argument, variables, outputOf);
                    return (alternative, !unknown, decoded);
                }

            case ":" when value is not null && parameter.Argument is { IsLiteral: true } range:
                return Substring(value, range.Text) is { } slice ? (slice, true, false) : (string.Empty, false, false);
            default:
                return (string.Empty, false, false);
        }
    }

    // ${name:offset} and ${name:offset:length}
    private static string? Substring(string value, string range)
    {
        var pieces = range.Split(':');
        if (pieces.Length > 2
            || !int.TryParse(pieces[0].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
        {
            return null;
        }

        if (offset < 0)
        {
            offset = Math.Max(0, value.Length + offset);
        }

        offset = Math.Min(offset, value.Length);
        var length = value.Length - offset;
        if (pieces.Length == 2)
        {
            if (!int.TryParse(pieces[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var requested))
            {
                return null;
            }

            length = requested < 0 ? Math.Max(0, value.Length + requested - offset) : Math.Min(requested, length);
        }

        return value.Substring(offset, length);
    }

    private sealed class FieldBuilder
    {
        public StringBuilder Value { get; } = new();

        public StringBuilder Pattern { get; } = new();

        public bool Unknown { get; private set; }

        public StreamContent? ProcessOutput { get; set; }

        // A field exists once it has literal text (even "") or a non-empty expansion; $EMPTY alone vanishes.
        public bool IsReal { get; private set; }

        public void Append(string text, bool quoted)
        {
            if (Value.Length + text.Length > MaxLength)
            {
                MarkUnknown();
                return;
            }

            Value.Append(text);
            Pattern.Append(quoted ? ShellPatterns.Escape(text) : text);
            IsReal |= quoted || text.Length > 0;
        }

        public void MarkUnknown()
        {
            Unknown = true;
            IsReal = true;
        }
    }
}

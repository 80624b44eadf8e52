using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// A small bash-flavoured tokenizer: splits a command line into simple commands and words the way a shell
/// does before expansion. It understands single, double and ANSI-C (<c>$'…'</c>) quotes, backslashes and line
/// continuations, comments, the separators <c>; &amp; &amp;&amp; || | |&amp; ( )</c> and newlines, command and
/// process substitutions, parameter expansions, redirections and here-documents.
/// </summary>
/// <remarks>
/// It never executes or expands anything. It is lenient on purpose: an unterminated quote or substitution runs
/// to the end of the input, because a guard that gives up on malformed input would be trivially bypassed,
/// while reading a little too much only makes it stricter.
/// </remarks>
public static class ShellWords
{
    /// <summary>Splits <paramref name="script"/> into its simple commands, in order.</summary>
    public static IReadOnlyList<ShellCommand> Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return new Parser(script).ParseScript();
    }

    /// <summary>
    /// Parses text that sits inside a larger word (the argument of <c>${x:-…}</c>): quotes and expansions count,
    /// blanks do not separate words.
    /// </summary>
    internal static ShellWord ParseEmbeddedWord(string text) => new Parser(text).ParseEmbedded(hereDocument: false);

    /// <summary>Parses the body of an unquoted here-document, where only <c>$</c>, backticks and backslashes are special.</summary>
    internal static ShellWord ParseHereDocumentBody(string text) => new Parser(text).ParseEmbedded(hereDocument: true);

    private static readonly string[] RedirectOperators = ["&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", ">>", ">|", ">&", "<", ">"];

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    private sealed class CommandBuilder(bool piped)
    {
        public List<ShellWord> Words { get; } = [];

        public List<ShellRedirect> Redirects { get; } = [];

        public bool Piped { get; } = piped;

        public string Terminator { get; set; } = string.Empty;

        public bool IsEmpty => Words.Count == 0 && Redirects.Count == 0;
    }

    private sealed record PendingHereDocument(CommandBuilder Owner, int Index, string Operator, string Delimiter, bool Quoted);

    private sealed class Parser(string source)
    {
        private readonly string s = source;
        private readonly List<CommandBuilder> commands = [];
        private readonly List<ShellWordPart> parts = [];
        private readonly StringBuilder literal = new();
        private readonly List<PendingHereDocument> hereDocuments = [];
        private CommandBuilder current = new(piped: false);
        private bool literalQuoted;
        private bool wordStarted;
        private string? pendingRedirect;
        private int i;

        private int N => s.Length;

        private char Peek(int ahead) => i + ahead < N ? s[i + ahead] : '\0';

        public IReadOnlyList<ShellCommand> ParseScript()
        {
            while (i < N)
            {
                var c = s[i];
                switch (c)
                {
                    case ' ' or '\t' or '\r':
                        EndWord();
                        i++;
                        break;
                    case '\\' when Peek(1) == '\n':
                        i += 2;
                        break;
                    case '\n':
                        EndWord();
                        EndCommand(pipeNext: false, "\n");
                        i++;
                        ReadHereDocuments();
                        break;
                    case '#' when !wordStarted:
                        while (i < N && s[i] != '\n')
                        {
                            i++;
                        }

                        break;
                    case ';':
                        {
                            EndWord();
                            var start = i++;
                            while (i < N && s[i] is ';' or '&')
                            {
                                i++;
                            }

                            EndCommand(pipeNext: false, s[start..i]);
                            break;
                        }

                    case '&' when Peek(1) == '>':
                        ReadRedirect();
                        break;
                    case '&':
                        EndWord();
                        EndCommand(pipeNext: false, Peek(1) == '&' ? "&&" : "&");
                        i += Peek(1) == '&' ? 2 : 1;
                        break;
                    case '|' when Peek(1) == '|':
                        EndWord();
                        EndCommand(pipeNext: false, "||");
                        i += 2;
                        break;
                    case '|':
                        EndWord();
                        EndCommand(pipeNext: true, Peek(1) == '&' ? "|&" : "|");
                        i += Peek(1) == '&' ? 2 : 1;
                        break;
                    case '(' or ')':
                        EndWord();
                        EndCommand(pipeNext: false, c.ToString());
                        i++;
                        break;
                    case '<' or '>' when Peek(1) == '(':
                        ReadProcessSubstitution();
                        break;
                    case '<' or '>':
                        ReadRedirect();
                        break;
                    default:
                        ReadWordPiece();
                        break;
                }
            }

            EndWord();
            EndCommand(pipeNext: false, string.Empty);
            ReadHereDocuments();
            return commands
                .Select(command => new ShellCommand(command.Words.ToArray(), command.Redirects.ToArray(), command.Piped, command.Terminator))
                .ToArray();
        }

        public ShellWord ParseEmbedded(bool hereDocument)
        {
            wordStarted = true;
            if (hereDocument)
            {
                ReadDoubleQuoted(terminator: null);
            }
            else
            {
                while (i < N)
                {
                    if (s[i] is ' ' or '\t' or '\n')
                    {
                        AppendLiteral(s[i].ToString(), quoted: false);
                        i++;
                    }
                    else
                    {
                        ReadWordPiece();
                    }
                }
            }

            return TakeWord();
        }

        private void ReadWordPiece()
        {
            wordStarted = true;
            var c = s[i];
            switch (c)
            {
                case '\'':
                    {
                        var close = IndexOrEnd('\'', i + 1);
                        AppendLiteral(s[(i + 1)..close], quoted: true);
                        i = Math.Min(close + 1, N);
                        break;
                    }

                case '"':
                    i++;
                    ReadDoubleQuoted('"');
                    break;
                case '$':
                    ReadDollar(quoted: false);
                    break;
                case '`':
                    ReadBacktick(quoted: false);
                    break;
                case '\\' when i + 1 < N:
                    if (s[i + 1] != '\n')
                    {
                        AppendLiteral(s[i + 1].ToString(), quoted: true);
                    }

                    i += 2;
                    break;
                case '<' or '>' when Peek(1) == '(':
                    ReadProcessSubstitution();
                    break;
                default:
                    AppendLiteral(c.ToString(), quoted: false);
                    i++;
                    break;
            }
        }

        // Inside double quotes (and unquoted here-documents) only $, ` and \ are special.
        private void ReadDoubleQuoted(char? terminator)
        {
            while (i < N)
            {
                var c = s[i];
                if (c == terminator)
                {
                    i++;
                    return;
                }

                if (c == '\\' && i + 1 < N)
                {
                    var next = s[i + 1];
                    if (next != '\n')
                    {
                        AppendLiteral(next is '$' or '`' or '"' or '\\' ? next.ToString() : "\\" + next, quoted: true);
                    }

                    i += 2;
                }
                else if (c == '$')
                {
                    ReadDollar(quoted: true);
                }
                else if (c == '`')
                {
                    ReadBacktick(quoted: true);
                }
                else
                {
                    AppendLiteral(c.ToString(), quoted: true);
                    i++;
                }
            }
        }

        private void ReadDollar(bool quoted)
        {
            var next = Peek(1);
            if (!quoted && next == '\'')
            {
                var j = i + 2;
                while (j < N && s[j] != '\'')
                {
                    j += s[j] == '\\' ? 2 : 1;
                }

                j = Math.Min(j, N);
                AppendLiteral(EscapeSequences.Decode(s[(i + 2)..j], EscapeStyle.AnsiC), quoted: true);
                i = Math.Min(j + 1, N);
            }
            else if (!quoted && next == '"')
            {
                i += 2;
                ReadDoubleQuoted('"');
            }
            else if (next == '(')
            {
                var close = FindClosing(i + 2, '(', ')');
                AddPart(new ShellSubstitutionPart(s[(i + 2)..close], IsProcess: false, quoted));
                i = Math.Min(close + 1, N);
            }
            else if (next == '{')
            {
                var close = FindClosing(i + 2, '{', '}');
                AddPart(ParseParameter(s[(i + 2)..close], quoted));
                i = Math.Min(close + 1, N);
            }
            else if (IsNameStart(next))
            {
                var j = i + 1;
                while (j < N && IsNameChar(s[j]))
                {
                    j++;
                }

                AddPart(new ShellParameterPart(s[(i + 1)..j], string.Empty, null, quoted));
                i = j;
            }
            else if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?' or '$' or '!' or '-')
            {
                AddPart(new ShellParameterPart(next.ToString(), string.Empty, null, quoted));
                i += 2;
            }
            else
            {
                AppendLiteral("$", quoted);
                i++;
            }
        }

        private void ReadBacktick(bool quoted)
        {
            i++;
            var content = new StringBuilder();
            while (i < N && s[i] != '`')
            {
                if (s[i] == '\\' && i + 1 < N && s[i + 1] is '`' or '\\' or '$')
                {
                    content.Append(s[i + 1]);
                    i += 2;
                }
                else
                {
                    content.Append(s[i]);
                    i++;
                }
            }

            i = Math.Min(i + 1, N);
            AddPart(new ShellSubstitutionPart(content.ToString(), IsProcess: false, quoted));
        }

        private void ReadProcessSubstitution()
        {
            wordStarted = true;
            var close = FindClosing(i + 2, '(', ')');
            AddPart(new ShellSubstitutionPart(s[(i + 2)..close], IsProcess: true, Quoted: false));
            i = Math.Min(close + 1, N);
        }

        private void ReadRedirect()
        {
            // "2>", "{fd}>": the number or name is the descriptor, not a word of the command.
            if (wordStarted && parts.Count == 0 && !literalQuoted && IsDescriptor(literal.ToString()))
            {
                literal.Clear();
                wordStarted = false;
            }
            else
            {
                EndWord();
            }

            var op = RedirectOperators.First(candidate => string.CompareOrdinal(s, i, candidate, 0, candidate.Length) == 0);
            i += op.Length;
            FlushDanglingRedirect();
            pendingRedirect = op;
        }

        private static bool IsDescriptor(string text) =>
            (text.Length > 0 && text.All(char.IsAsciiDigit))
            || (text.Length > 2 && text[0] == '{' && text[^1] == '}');

        private ShellParameterPart ParseParameter(string content, bool quoted)
        {
            var j = 0;
            var prefix = string.Empty;
            if (content.Length > 1 && content[0] is '!' or '#')
            {
                prefix = content[0].ToString();
                j = 1;
            }

            var nameStart = j;
            if (j < content.Length && IsNameStart(content[j]))
            {
                while (j < content.Length && IsNameChar(content[j]))
                {
                    j++;
                }
            }
            else if (j < content.Length && char.IsAsciiDigit(content[j]))
            {
                while (j < content.Length && char.IsAsciiDigit(content[j]))
                {
                    j++;
                }
            }
            else if (j < content.Length)
            {
                j++;
            }

            var name = content[nameStart..j];
            var rest = content[j..];
            var op = rest switch
            {
                _ when prefix.Length > 0 => prefix,
                "" => string.Empty,
                _ when rest.Length > 1 && rest[0] == ':' && rest[1] is '-' or '=' or '?' or '+' => rest[..2],
                _ when rest.StartsWith("##", StringComparison.Ordinal) || rest.StartsWith("%%", StringComparison.Ordinal)
                    || rest.StartsWith("//", StringComparison.Ordinal) || rest.StartsWith("/#", StringComparison.Ordinal)
                    || rest.StartsWith("/%", StringComparison.Ordinal) || rest.StartsWith(",,", StringComparison.Ordinal)
                    || rest.StartsWith("^^", StringComparison.Ordinal) => rest[..2],
                _ => rest[..1],
            };
            var argumentText = prefix.Length > 0 ? rest : rest[op.Length..];
            var argument = argumentText.Length > 0 ? ParseEmbeddedWord(argumentText) : null;
            return new ShellParameterPart(name, op, argument, quoted);
        }

        // Finds the bracket closing the one just before `start`, skipping quoted text and nested substitutions.
        private int FindClosing(int start, char open, char close)
        {
            var depth = 1;
            var j = start;
            while (j < N)
            {
                var c = s[j];
                if (c == '\\')
                {
                    j += 2;
                }
                else if (c == '\'')
                {
                    j = IndexOrEnd('\'', j + 1) + 1;
                }
                else if (c == '`')
                {
                    j = IndexOrEnd('`', j + 1) + 1;
                }
                else if (c == '"')
                {
                    j = SkipDoubleQuoted(j + 1);
                }
                else if (c == open)
                {
                    depth++;
                    j++;
                }
                else if (c == close)
                {
                    depth--;
                    if (depth == 0)
                    {
                        return j;
                    }

                    j++;
                }
                else
                {
                    j++;
                }
            }

            return N;
        }

        private int SkipDoubleQuoted(int j)
        {
            while (j < N)
            {
                if (s[j] == '\\')
                {
                    j += 2;
                }
                else if (s[j] == '"')
                {
                    return j + 1;
                }
                else if (s[j] == '$' && j + 1 < N && s[j + 1] == '(')
                {
                    j = FindClosing(j + 2, '(', ')') + 1;
                }
                else
                {
                    j++;
                }
            }

            return N;
        }

        private int IndexOrEnd(char c, int from)
        {
            var index = from < N ? s.IndexOf(c, from) : -1;
            return index < 0 ? N : index;
        }

        private void AppendLiteral(string text, bool quoted)
        {
            if (literal.Length > 0 && literalQuoted != quoted)
            {
                FlushLiteral();
            }

            literalQuoted = quoted;
            literal.Append(text);
        }

        private void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                parts.Add(new ShellLiteralPart(literal.ToString(), literalQuoted));
                literal.Clear();
            }
        }

        private void AddPart(ShellWordPart part)
        {
            wordStarted = true;
            FlushLiteral();
            parts.Add(part);
        }

        private ShellWord TakeWord()
        {
            FlushLiteral();
            if (parts.Count == 0)
            {
                // "" and '' are real (empty) words; the shell keeps them.
                parts.Add(new ShellLiteralPart(string.Empty, Quoted: true));
            }

            var word = new ShellWord(parts.ToArray());
            parts.Clear();
            wordStarted = false;
            return word;
        }

        private void EndWord()
        {
            if (!wordStarted)
            {
                return;
            }

            var word = TakeWord();
            if (pendingRedirect is not { } op)
            {
                current.Words.Add(word);
                return;
            }

            pendingRedirect = null;
            if (op is "<<" or "<<-")
            {
                // The body arrives after the next newline; keep a slot for it.
                current.Redirects.Add(new ShellRedirect(op, new ShellWord([])));
                hereDocuments.Add(new PendingHereDocument(current, current.Redirects.Count - 1, op, word.Text, word.Parts.Any(part => part.Quoted)));
            }
            else
            {
                current.Redirects.Add(new ShellRedirect(op, word));
            }
        }

        private void FlushDanglingRedirect()
        {
            if (pendingRedirect is { } op)
            {
                current.Redirects.Add(new ShellRedirect(op, new ShellWord([])));
                pendingRedirect = null;
            }
        }

        private void EndCommand(bool pipeNext, string terminator)
        {
            FlushDanglingRedirect();
            if (!current.IsEmpty)
            {
                current.Terminator = terminator;
                commands.Add(current);
            }

            current = new CommandBuilder(pipeNext);
        }

        private void ReadHereDocuments()
        {
            foreach (var document in hereDocuments)
            {
                var body = new StringBuilder();
                var stripTabs = document.Operator == "<<-";
                while (i < N)
                {
                    var end = IndexOrEnd('\n', i);
                    var line = s[i..end];
                    i = Math.Min(end + 1, N);
                    if (stripTabs)
                    {
                        line = line.TrimStart('\t');
                    }

                    if (line.TrimEnd('\r') == document.Delimiter)
                    {
                        break;
                    }

                    body.Append(line).Append('\n');
                }

                var target = document.Quoted
                    ? new ShellWord([new ShellLiteralPart(body.ToString(), Quoted: true)])
                    : ParseHereDocumentBody(body.ToString());
                document.Owner.Redirects[document.Index] = new ShellRedirect(document.Operator, target);
            }

            hereDocuments.Clear();
        }
    }
}

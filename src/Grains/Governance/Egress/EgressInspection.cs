using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepSync.Governance.Egress;

/// <summary>
/// One walk over a command line. It parses the text, finds every word in command position and follows every
/// way text can turn into a command — wrappers (<c>sudo</c>, <c>env</c>, <c>xargs</c>, …), <c>sh -c</c> and
/// <c>eval</c>, substitutions, variables, text piped or fed into a shell, and decoders — collecting the rules it breaks.
/// </summary>
/// <remarks>
/// Only command position counts: <c>grep -r wget docs/</c> is fine, <c>xargs wget</c> is not. Where the policy
/// cannot know what runs it leans towards denying (an unresolved command word is followed by a look at the words
/// after it), but it never denies because a denied name merely appears as an argument.
/// </remarks>
internal sealed partial class EgressInspection(EgressRuleSet rules)
{
    private const int MaxBracketDepth = 64;

    private readonly Dictionary<ShellSubstitutionPart, StreamContent> substitutionOutputs = new(ReferenceEqualityComparer.Instance);

    // Files the command line writes (echo … > run.sh), so that running them later (sh run.sh, ./run.sh) is inspected.
    private readonly Dictionary<string, StreamContent> writtenFiles = new(StringComparer.Ordinal);
    private readonly string[] knownNames = rules.DeniedCommands.Keys.Concat(CommandCatalog.KnownNames).Distinct().Order(StringComparer.Ordinal).ToArray();

    public List<EgressFinding> Findings { get; } = [];

    /// <summary>Inspects a script and returns what it would write to standard output, as far as that can be known.</summary>
    public StreamContent InspectScript(string script, int depth, string via, ShellVariables? variables)
    {
        if (IsTooDeep(depth, via))
        {
            return StreamContent.Unknown;
        }

        if (script.Length > rules.MaxCommandLength)
        {
            Add(EgressRules.TooLong, $"The command is {script.Length} characters long{Where(via)}; at most {rules.MaxCommandLength} are inspected.", StrikeSeverity.Low);
            return StreamContent.Unknown;
        }

        // The tokenizer and expansion recurse per bracket level; refuse absurd nesting before it can exhaust the stack.
        if (BracketDepth(script) > MaxBracketDepth)
        {
            Add(EgressRules.TooDeep, $"Brackets are nested more than {MaxBracketDepth} levels deep{Where(via)}; that is too deep to inspect.", StrikeSeverity.High);
            return StreamContent.Unknown;
        }

        var env = variables?.Copy() ?? new ShellVariables();
        var commands = ShellWords.Parse(script);
        var written = new List<StreamContent>();
        var previous = StreamContent.Unknown;
        var casePattern = false;
        for (var k = 0; k < commands.Count; k++)
        {
            // In "case x in a|b) …;; *) …;; esac" the words before each ")" are patterns, not commands.
            var first = commands[k].Words.Count > 0 && commands[k].Words[0].IsLiteral ? commands[k].Words[0].Text : string.Empty;
            if (casePattern && commands[k].Terminator is "|" or ")" && first != "esac")
            {
                // A pattern still runs its substitutions when it is matched: case x in $(curl …)) …
                InspectSubstitutions(commands[k], env, depth, via);
                casePattern = commands[k].Terminator == "|";
                continue;
            }

            casePattern = (first == "case" && commands[k].Terminator != ")") || (casePattern && commands[k].Words.Count == 0)
                || commands[k].Terminator is ";;" or ";&" or ";;&";
            var input = commands[k].PipedFromPrevious ? previous : StreamContent.Unknown;
            previous = InspectCommand(commands[k], env, input, depth, via);
            if (k + 1 == commands.Count || !commands[k + 1].PipedFromPrevious)
            {
                written.Add(previous);
            }
        }

        return StreamContent.Concat(written);
    }

    // Substitutions run wherever they sit: in arguments, redirection targets, here-documents.
    private void InspectSubstitutions(ShellCommand command, ShellVariables env, int depth, string via)
    {
        foreach (var word in command.Words.Concat(command.Redirects.Select(redirect => redirect.Target)))
        {
            foreach (var substitution in word.Substitutions())
            {
                var where = substitution.IsProcess ? "in a process substitution" : "in a command substitution";
                substitutionOutputs[substitution] = InspectScript(substitution.Script, depth + 1, Via(via, where), env);
            }
        }
    }

    private StreamContent InspectCommand(ShellCommand command, ShellVariables env, StreamContent stdin, int depth, string via)
    {
        InspectSubstitutions(command, env, depth, via);

        foreach (var redirect in command.Redirects)
        {
            var (target, _, decoded) = WordExpansion.Join(redirect.Target, env, OutputOf);
            if (redirect.Operator == "<<<")
            {
                stdin = StreamContent.FromText(target + "\n", decoded);
            }
            else if (redirect.IsInlineInput)
            {
                stdin = StreamContent.FromText(target, decoded);
            }
            else if (rules.DenyRawSocketRedirects
                && (target.StartsWith("/dev/tcp/", StringComparison.Ordinal) || target.StartsWith("/dev/udp/", StringComparison.Ordinal)))
            {
                Add(EgressRules.RawSocketRedirect, $"Redirects to '{target}', which opens a network socket{Where(via)}.", StrikeSeverity.High);
            }
            else if (redirect.Operator is "<" or "<>")
            {
                stdin = writtenFiles.GetValueOrDefault(FileKey(target)) ?? StreamContent.Unknown;
            }
        }

        var w = 0;
        while (w < command.Words.Count && SplitAssignment(command.Words[w]) is var (name, append, value))
        {
            var (text, unknown, _) = WordExpansion.Join(value, env, OutputOf);
            Assign(env, name, append, unknown ? null : text, depth, via);
            w++;
        }

        var fields = new List<ShellField>();
        var expandedLength = 0L;
        foreach (var word in command.Words.Skip(w))
        {
            foreach (var field in WordExpansion.Expand(word, env, OutputOf))
            {
                fields.Add(field);
                expandedLength += field.Value.Length + 1;
            }

            if (expandedLength > WordExpansion.MaxLength)
            {
                Add(EgressRules.TooLong, $"The command expands to more than {WordExpansion.MaxLength} characters{Where(via)}; that is too long to inspect.", StrikeSeverity.Low);
                return StreamContent.Unknown;
            }
        }

        var output = InspectInvocation(fields, env, stdin, depth, via);

        foreach (var redirect in command.Redirects.Where(redirect => redirect.Operator is ">" or ">>" or ">|" or "&>" or "&>>"))
        {
            var (target, unknown, _) = WordExpansion.Join(redirect.Target, env, OutputOf);
            if (!unknown)
            {
                Write(target, output, append: redirect.Operator.EndsWith(">>", StringComparison.Ordinal));
            }
        }

        return output;
    }

    private void Assign(ShellVariables env, string name, bool append, string? value, int depth, string via)
    {
        // c=c; c+=url builds "curl" too.
        if (append && value is not null)
        {
            value = env.Get(name) + value;
        }

        env.Set(name, value);
        InspectAssignedValue(name, value ?? string.Empty, depth, via);
    }

    private void Write(string path, StreamContent content, bool append)
    {
        var key = FileKey(path);
        writtenFiles[key] = append && writtenFiles.TryGetValue(key, out var existing) ? StreamContent.Concat([existing, content]) : content;
    }

    private StreamContent? WrittenFile(ShellField file) =>
        file.ProcessOutput ?? (file.Unknown ? null : writtenFiles.GetValueOrDefault(FileKey(file.Value)));

    private static string FileKey(string path)
    {
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path;
    }

    private StreamContent InspectInvocation(IReadOnlyList<ShellField> fields, ShellVariables env, StreamContent stdin, int depth, string via)
    {
        if (IsTooDeep(depth, via))
        {
            return StreamContent.Unknown;
        }

        var k = 0;
        while (k < fields.Count && !fields[k].Unknown)
        {
            var value = fields[k].Value;
            if (CommandCatalog.ReservedWords.Contains(value))
            {
                k++;
            }
            else if (value == "function")
            {
                k += 2;
            }
            else if (AssignmentField().Match(value) is { Success: true } assignment)
            {
                // After env/sudo: env FOO=bar curl …
                Assign(env, assignment.Groups["name"].Value, assignment.Groups["append"].Success, value[assignment.Length..], depth, via);
                k++;
            }
            else
            {
                break;
            }
        }

        if (k >= fields.Count)
        {
            return StreamContent.Empty;
        }

        var command = fields[k];
        var arguments = fields.Skip(k + 1).ToList();
        if (command.Value is "for" or "select" && arguments.Count > 1 && arguments[1].Value == "in")
        {
            // for t in curl wget: each word is assigned to t in turn.
            foreach (var word in arguments.Skip(2))
            {
                InspectAssignedValue(arguments[0].Value, word.Value, depth, via);
            }

            env.Set(arguments[0].Value, null);
            return StreamContent.Unknown;
        }

        if (!command.Unknown)
        {
            // for/select/case headers hold words, not commands; their bodies follow a separator.
            return command.Value is "for" or "select" or "case" ? StreamContent.Unknown : InspectResolved(command, arguments, env, stdin, depth, via);
        }

        // The command word could not be resolved ($SHELL, $(some program)). Consider that a -c argument may be a
        // shell script ($SHELL -c "…"); then read each unresolved word's known part as a name ($HOME/bin/curl)
        // and take the next word as a possible command ($EMPTY curl …).
        var script = arguments.FindIndex(argument => argument.Value == "-c");
        if (script >= 0 && script + 1 < arguments.Count)
        {
            InspectScript(arguments[script + 1].Value, depth + 1, Via(via, "inside the '-c' script of an unresolved command"), env);
        }

        if (stdin.Decoded)
        {
            AddDecodedToShell("an unresolved command", via);
        }

        for (; k < fields.Count && fields[k].Unknown; k++)
        {
            if (ShellPatterns.Basename(fields[k].Value).Length > 0)
            {
                InspectResolved(fields[k] with { Pattern = ShellPatterns.Escape(fields[k].Value) }, fields.Skip(k + 1).ToList(), env, stdin, depth, via);
            }
        }

        if (k < fields.Count)
        {
            InspectResolved(fields[k], fields.Skip(k + 1).ToList(), env, stdin, depth, via);
        }

        return StreamContent.Unknown;
    }

    private StreamContent InspectResolved(ShellField command, IReadOnlyList<ShellField> arguments, ShellVariables env, StreamContent stdin, int depth, string via)
    {
        if (command.Value.Contains('/') && WrittenFile(command) is { } script)
        {
            RunText(script, command.Value, env, depth, via);
        }

        var fileName = ShellPatterns.Basename(command.Pattern);
        if (fileName.Length == 0)
        {
            return StreamContent.Unknown;
        }

        if (!ShellPatterns.HasGlob(fileName))
        {
            var name = ShellPatterns.Unescape(fileName);
            return InspectNamed(name, $"'{name}'", arguments, env, stdin, depth, via);
        }

        // /usr/bin/c?rl, /???/???/n[c]: the shell would run whichever file matches; consider every name we care about.
        foreach (var name in knownNames.Where(name => ShellPatterns.GlobMatches(fileName, name)))
        {
            InspectNamed(name, $"'{command.Value}' (which can match '{name}')", arguments, env, stdin, depth, via);
        }

        return StreamContent.Unknown;
    }

    private StreamContent InspectNamed(string fileName, string display, IReadOnlyList<ShellField> arguments, ShellVariables env, StreamContent stdin, int depth, string via)
    {
        var variants = CommandCatalog.Variants(fileName);
        foreach (var variant in variants)
        {
            if (rules.DeniedCommands.TryGetValue(variant, out var severity))
            {
                var what = string.Equals(variant, fileName, StringComparison.OrdinalIgnoreCase) ? display : $"{display} (as '{variant}')";
                Add(variant, $"Runs {what}, which is on the egress deny list{Where(via)}.", severity);
                return StreamContent.Unknown;
            }
        }

        var name = variants.FirstOrDefault(CommandCatalog.IsKnown) ?? variants[0];
        var values = arguments.Select(argument => argument.Value).ToList();

        if (CommandCatalog.Shells.Contains(name))
        {
            InspectShell(name, arguments, env, stdin, depth, via);
            return StreamContent.Unknown;
        }

        if (CommandCatalog.Interpreters.Contains(name))
        {
            InspectInterpreter(name, arguments, stdin, depth, via);
            return StreamContent.Unknown;
        }

        if (name == "command" && values.TakeWhile(value => value.StartsWith('-')).Any(value => value.Contains('v') || value.Contains('V')))
        {
            return Lookup(values); // command -v curl only looks the name up
        }

        if (CommandCatalog.Wrappers.TryGetValue(name, out var syntax))
        {
            return InspectWrapper(name, syntax, arguments, env, stdin, depth, via);
        }

        switch (name)
        {
            case "rm":
                if (rules.DenyRecursiveForceRemove && RemoveCommand.IsRecursiveForced(values))
                {
                    Add(EgressRules.RecursiveForceRemove, $"Runs 'rm' with both recursive and force flags{Where(via)}.", StrikeSeverity.High);
                }

                return StreamContent.Unknown;
            case "eval":
                InspectScript(string.Join(' ', values), depth + 1, Via(via, "inside 'eval'"), env);
                if (arguments.Any(argument => argument.Decoded))
                {
                    AddDecodedToShell("eval", via);
                }

                return StreamContent.Unknown;
            case "source" or ".":
                if (arguments.Count > 0 && WrittenFile(arguments[0]) is { } sourced)
                {
                    RunText(sourced, name, env, depth, via);
                }

                return StreamContent.Unknown;
            case "which" or "type":
                return Lookup(values);
            case "awk" or "gawk" or "mawk" or "nawk":
                InspectAwk(name, arguments, depth, via);
                return StreamContent.Unknown;
            case "trap":
                if (values.FirstOrDefault(value => !value.StartsWith('-')) is { } action)
                {
                    InspectScript(action, depth + 1, Via(via, "inside 'trap'"), env);
                }

                return StreamContent.Unknown;
            case "alias":
                foreach (var value in values)
                {
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        InspectScript(value[(equals + 1)..], depth + 1, Via(via, $"in alias '{value[..equals]}'"), env);
                    }
                }

                return StreamContent.Empty;
            case "export" or "declare" or "typeset" or "local" or "readonly":
                foreach (var value in values)
                {
                    if (AssignmentField().Match(value) is { Success: true } assignment)
                    {
                        Assign(env, assignment.Groups["name"].Value, assignment.Groups["append"].Success, value[assignment.Length..], depth, via);
                    }
                }

                return StreamContent.Empty;
            case "find":
                InspectFindActions(arguments, env, depth, via);
                return StreamContent.Unknown;
            case "echo":
                return Echo(arguments);
            case "printf":
                return Printf(arguments, env);
            case "cat":
                {
                    var files = values.Where(value => value == "-" || !value.StartsWith('-')).ToList();
                    if (files.All(file => file == "-"))
                    {
                        return stdin;
                    }

                    // cat run.sh | sh, for a file this command line wrote
                    var contents = arguments.Where(argument => files.Contains(argument.Value)).Select(argument => argument.Value == "-" ? stdin : WrittenFile(argument)).ToList();
                    return contents.All(content => content is not null) ? StreamContent.Concat(contents!) : StreamContent.Unknown;
                }

            case "tee":
                foreach (var file in values.Where(value => !value.StartsWith('-')))
                {
                    Write(file, stdin, append: values.Contains("-a") || values.Contains("--append"));
                }

                return stdin;
            case "base64" or "base32" or "basenc" or "openssl" or "xxd" or "gunzip" or "gzip" or "zcat":
                return Decode(name, values, stdin, depth, via);
            case "rev" or "tr":
                return Transform(name, values, stdin, depth, via);
            default:
                return StreamContent.Unknown;
        }
    }

    private StreamContent InspectWrapper(string name, WrapperSyntax syntax, IReadOnlyList<ShellField> arguments, ShellVariables env, StreamContent stdin, int depth, string via)
    {
        var k = 0;
        while (k < arguments.Count)
        {
            var value = arguments[k].Value;
            if (value == "--")
            {
                k++;
                break;
            }

            if (value.Length < 2 || value[0] != '-')
            {
                if (syntax.RunsCommand)
                {
                    break;
                }

                // su and script take their options anywhere; keep looking for -c.
                k++;
                continue;
            }

            string? script = null;
            if (value.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                var option = equals < 0 ? value[2..] : value[2..equals];
                var isScript = syntax.LongScript?.Contains(option) == true;
                if (isScript || syntax.LongWithArgument?.Contains(option) == true)
                {
                    var argument = equals >= 0 ? value[(equals + 1)..] : k + 1 < arguments.Count ? arguments[++k].Value : null;
                    script = isScript ? argument : null;
                }
            }
            else
            {
                for (var c = 1; c < value.Length; c++)
                {
                    var flag = value[c];
                    if (syntax.AttachedOnly.Contains(flag))
                    {
                        break;
                    }

                    var isScript = syntax.ShortScript.Contains(flag);
                    if (isScript || syntax.ShortWithArgument.Contains(flag))
                    {
                        var argument = c + 1 < value.Length ? value[(c + 1)..] : k + 1 < arguments.Count ? arguments[++k].Value : null;
                        script = isScript ? argument : null;
                        break;
                    }
                }
            }

            if (script is not null)
            {
                InspectScript(script, depth + 1, Via(via, $"inside '{name}'"), env);
            }

            k++;
        }

        if (!syntax.RunsCommand)
        {
            return StreamContent.Unknown;
        }

        k += syntax.Operands;
        if (k >= arguments.Count)
        {
            return StreamContent.Unknown;
        }

        var wrapped = arguments.Skip(k).ToList();
        if (syntax.JoinsCommand)
        {
            InspectScript(string.Join(' ', wrapped.Select(argument => argument.Value)), depth + 1, Via(via, $"inside '{name}'"), env);
            return StreamContent.Unknown;
        }

        // Wrappers count as nesting, so that "env env env … curl" cannot recurse without bound.
        return InspectInvocation(wrapped, env, stdin, depth + 1, via);
    }

    private void InspectShell(string name, IReadOnlyList<ShellField> arguments, ShellVariables env, StreamContent stdin, int depth, string via)
    {
        bool commandString = false, readsStdin = false;
        var k = 0;
        while (k < arguments.Count)
        {
            var value = arguments[k].Value;
            if (value is "-" or "--")
            {
                k++;
                break;
            }

            if (value.StartsWith("--", StringComparison.Ordinal))
            {
                k += value is "--rcfile" or "--init-file" ? 2 : 1;
                continue;
            }

            if (value.Length < 2 || value[0] is not ('-' or '+'))
            {
                break;
            }

            var flags = value[1..];
            commandString |= value[0] == '-' && flags.Contains('c');
            readsStdin |= flags.Contains('s');
            k += flags.Contains('o') || flags.Contains('O') ? 2 : 1;
        }

        if (commandString)
        {
            if (k < arguments.Count)
            {
                // sh -c '$0 "$@"' curl x: the words after the script become $0, $1, …
                var inner = env.Copy();
                var positional = arguments.Skip(k + 1).Select(argument => argument.Value).ToList();
                for (var p = 0; p < positional.Count; p++)
                {
                    inner.Set(p.ToString(CultureInfo.InvariantCulture), positional[p]);
                }

                inner.Set("@", string.Join(' ', positional.Skip(1)));
                inner.Set("*", string.Join(' ', positional.Skip(1)));
                InspectScript(arguments[k].Value, depth + 1, Via(via, $"inside '{name} -c'"), inner);
                if (arguments[k].Decoded)
                {
                    AddDecodedToShell(name, via);
                }
            }

            return;
        }

        if (!readsStdin && k < arguments.Count)
        {
            // A script file: visible only when this command line wrote it, or for a process substitution (bash <(echo …)).
            if (WrittenFile(arguments[k]) is { } file)
            {
                RunText(file, name, env, depth, via);
            }

            return;
        }

        RunText(stdin, name, env, depth, via);
    }

    private void RunText(StreamContent text, string shell, ShellVariables env, int depth, string via)
    {
        if (text.Text is { } script)
        {
            InspectScript(script, depth + 1, Via(via, $"in the text fed to '{shell}'"), env);
        }

        if (text.Decoded)
        {
            AddDecodedToShell(shell, via);
        }
    }

    private void InspectInterpreter(string name, IReadOnlyList<ShellField> arguments, StreamContent stdin, int depth, string via)
    {
        // python -c, perl -e/-le/-pe, ruby -e, node -e/--eval, php -r, lua -e: the next word is the program.
        for (var k = 0; k < arguments.Count; k++)
        {
            var value = arguments[k].Value;
            if (value == "--eval" || value == "-r" || (value.Length > 1 && value[0] == '-' && value[1] != '-' && value[^1] is 'c' or 'e' or 'E'))
            {
                if (k + 1 < arguments.Count)
                {
                    InspectProgram(arguments[k + 1].Value, name, depth, via);
                }

                return;
            }

            if (value == "-")
            {
                break;
            }

            if (!value.StartsWith('-'))
            {
                // A program file: visible only when this command line wrote it.
                if (WrittenFile(arguments[k]) is not { } file)
                {
                    return;
                }

                stdin = file;
                break;
            }
        }

        if (stdin.Text is { } program)
        {
            InspectProgram(program, name, depth, via);
        }

        if (stdin.Decoded)
        {
            AddDecodedToShell(name, via);
        }
    }

    private void InspectAwk(string name, IReadOnlyList<ShellField> arguments, int depth, string via)
    {
        for (var k = 0; k < arguments.Count; k++)
        {
            var value = arguments[k].Value;
            if (value is "-F" or "-v" or "-f")
            {
                if (value == "-f" && k + 1 < arguments.Count && WrittenFile(arguments[k + 1])?.Text is { } file)
                {
                    InspectProgram(file, name, depth, via);
                }

                k++;
            }
            else if (value != "--" && !value.StartsWith('-'))
            {
                InspectProgram(value, name, depth, via);
                return;
            }
        }
    }

    // A program in another language that starts processes (system(), popen, subprocess, backticks, …): every
    // string literal in it is checked as a shell command. Programs that start nothing are left alone, so
    // print("curl") stays allowed.
    private void InspectProgram(string program, string interpreter, int depth, string via)
    {
        if (!StartsProcesses().IsMatch(program))
        {
            return;
        }

        foreach (Match literal in StringLiteral().Matches(program))
        {
            InspectScript(literal.Groups["text"].Value, depth + 1, Via(via, $"in a string run by '{interpreter}'"), null);
        }
    }

    // which curl, command -v curl: a path to the command, which may then be run ($(which curl) …).
    private static StreamContent Lookup(IReadOnlyList<string> values) =>
        StreamContent.FromText(string.Concat(values.Where(value => !value.StartsWith('-')).Select(value => $"/usr/bin/{value}\n")));

    private void InspectFindActions(IReadOnlyList<ShellField> arguments, ShellVariables env, int depth, string via)
    {
        for (var k = 0; k < arguments.Count; k++)
        {
            if (arguments[k].Value is not ("-exec" or "-execdir" or "-ok" or "-okdir"))
            {
                continue;
            }

            var end = k + 1;
            while (end < arguments.Count && arguments[end].Value is not (";" or "+"))
            {
                end++;
            }

            InspectInvocation(arguments.Skip(k + 1).Take(end - k - 1).ToList(), env, StreamContent.Unknown, depth + 1, Via(via, "in 'find -exec'"));
            k = end;
        }
    }

    // A value assigned to a variable (or alias) is checked as if it were run: c=curl, c="rm -rf /".
    private void InspectAssignedValue(string name, string value, int depth, string via)
    {
        if (value.Length > 0)
        {
            InspectScript(value, depth + 1, Via(via, $"in the value assigned to '{name}'"), null);
        }
    }

    private static StreamContent Echo(IReadOnlyList<ShellField> arguments)
    {
        bool escapes = false, newline = true;
        var k = 0;
        for (; k < arguments.Count && EchoOptions().IsMatch(arguments[k].Value); k++)
        {
            foreach (var flag in arguments[k].Value[1..])
            {
                escapes = flag == 'e' || (escapes && flag != 'E');
                newline &= flag != 'n';
            }
        }

        var printed = arguments.Skip(k).ToList();
        var decoded = printed.Any(argument => argument.Decoded);
        if (printed.Any(argument => argument.Unknown))
        {
            return new StreamContent(null, decoded);
        }

        var text = string.Join(' ', printed.Select(argument => argument.Value));
        text = escapes ? EscapeSequences.Decode(text, EscapeStyle.Echo) : text;
        return StreamContent.FromText(newline ? text + "\n" : text, decoded);
    }

    private static StreamContent Printf(IReadOnlyList<ShellField> arguments, ShellVariables env)
    {
        var k = 0;
        string? target = null;
        if (k + 1 < arguments.Count && arguments[k].Value == "-v")
        {
            target = arguments[k + 1].Value;
            k += 2;
        }

        if (k < arguments.Count && arguments[k].Value == "--")
        {
            k++;
        }

        var rest = arguments.Skip(k).ToList();
        if (rest.Count == 0 || rest.Any(argument => argument.Unknown))
        {
            return new StreamContent(null, rest.Any(argument => argument.Decoded));
        }

        var text = PrintfFormat.Format(rest[0].Value, rest.Skip(1).Select(argument => argument.Value).ToList());
        if (target is not null)
        {
            env.Set(target, text); // printf -v c curl; $c
            return StreamContent.Empty;
        }

        return StreamContent.FromText(text, rest.Any(argument => argument.Decoded));
    }

    private StreamContent Decode(string name, List<string> values, StreamContent stdin, int depth, string via)
    {
        bool ShortFlag(char flag) => values.Any(value => value.Length > 1 && value[0] == '-' && value[1] != '-' && value.Contains(flag));

        Func<byte[], byte[]?>? decoder = null;
        var operands = new List<string>();
        switch (name)
        {
            case "base64" or "base32" or "basenc":
                if (values.Contains("--decode") || ShortFlag('d') || ShortFlag('D'))
                {
                    decoder = name == "base32" || values.Any(value => value.StartsWith("--base32", StringComparison.Ordinal)) ? PayloadDecoders.FromBase32
                        : values.Contains("--base16") ? PayloadDecoders.FromHex
                        : PayloadDecoders.FromBase64;
                }

                for (var k = 0; k < values.Count; k++)
                {
                    if (values[k] is "-w" or "--wrap")
                    {
                        k++;
                    }
                    else if (values[k] == "-" || !values[k].StartsWith('-'))
                    {
                        operands.Add(values[k]);
                    }
                }

                break;
            case "openssl":
                var base64 = values.FirstOrDefault() == "base64" || (values.FirstOrDefault() == "enc" && values.Any(value => value is "-base64" or "-a"));
                if (base64 && values.Contains("-d"))
                {
                    decoder = PayloadDecoders.FromBase64;
                    var input = values.IndexOf("-in");
                    if (input >= 0 && input + 1 < values.Count)
                    {
                        operands.Add(values[input + 1]);
                    }
                }

                break;
            case "xxd":
                if (values.Contains("-revert") || ShortFlag('r'))
                {
                    var plain = values.Any(value => value is "-p" or "-ps" or "-plain" or "-postscript") || ShortFlag('p');
                    decoder = plain ? PayloadDecoders.FromHex : _ => null;
                    operands.AddRange(values.Where(value => !value.StartsWith('-')).Take(1));
                }

                break;
            default: // gzip, gunzip, zcat
                if (name != "gzip" || values.Contains("--decompress") || values.Contains("--uncompress") || ShortFlag('d'))
                {
                    decoder = bytes => PayloadDecoders.Gunzip(bytes, rules.MaxCommandLength + 1);
                    operands.AddRange(values.Where(value => !value.StartsWith('-')));
                }

                break;
        }

        if (decoder is null)
        {
            return StreamContent.Unknown;
        }

        var source = operands.Count == 0 || operands.All(operand => operand == "-") ? stdin.Bytes : null;
        var output = new StreamContent(source is null ? null : decoder(source), Decoded: true);
        InspectPayload(output, name, depth, via);
        return output;
    }

    private StreamContent Transform(string name, IReadOnlyList<string> values, StreamContent stdin, int depth, string via)
    {
        var text = stdin.Text;
        var transformed = text is null ? null
            : name == "rev" ? string.Join('\n', text.Split('\n').Select(line => new string(line.Reverse().ToArray())))
            : CharacterTranslation.Apply(text, values);
        var output = transformed is null ? new StreamContent(null, Decoded: true) : StreamContent.FromText(transformed, decoded: true);
        InspectPayload(output, name, depth, via);
        return output;
    }

    // Decoded text is checked as a script even when it is not run right away: it may be written to a file and run later.
    private void InspectPayload(StreamContent output, string decoder, int depth, string via)
    {
        if (output.Text is { } text)
        {
            InspectScript(text, depth + 1, Via(via, $"in the text decoded by '{decoder}'"), null);
        }
    }

    private bool IsTooDeep(int depth, string via)
    {
        if (depth <= rules.MaxNestingDepth)
        {
            return false;
        }

        Add(EgressRules.TooDeep, $"Commands are nested more than {rules.MaxNestingDepth} levels deep{Where(via)}; that is too deep to inspect.", StrikeSeverity.High);
        return true;
    }

    // Deepest nesting of ( and { anywhere in the text, quoted or not: a cheap upper bound on parser recursion.
    private static int BracketDepth(string script)
    {
        int depth = 0, deepest = 0;
        foreach (var c in script)
        {
            if (c is '(' or '{')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is ')' or '}' && depth > 0)
            {
                depth--;
            }
        }

        return deepest;
    }

    private void AddDecodedToShell(string runner, string via) =>
        Add(EgressRules.DecodedToShell, $"Decoded or transformed text is run by {(runner.StartsWith("an ", StringComparison.Ordinal) ? runner : $"'{runner}'")}{Where(via)}; hidden commands are not allowed.", StrikeSeverity.High);

    private StreamContent OutputOf(ShellSubstitutionPart substitution) =>
        substitutionOutputs.GetValueOrDefault(substitution) ?? StreamContent.Unknown;

    private void Add(string rule, string reason, StrikeSeverity severity) => Findings.Add(new EgressFinding(rule, reason, severity));

    private static string Via(string outer, string inner) => outer.Length == 0 ? inner : $"{inner}, {outer}";

    private static string Where(string via) => via.Length == 0 ? string.Empty : $" ({via})";

    private static (string Name, bool Append, ShellWord Value)? SplitAssignment(ShellWord word)
    {
        if (word.Parts.Count == 0 || word.Parts[0] is not ShellLiteralPart { Quoted: false } first
            || AssignmentField().Match(first.Text) is not { Success: true } match)
        {
            return null;
        }

        var rest = first.Text[match.Length..];
        var parts = new List<ShellWordPart>();
        if (rest.Length > 0)
        {
            parts.Add(new ShellLiteralPart(rest, Quoted: false));
        }

        parts.AddRange(word.Parts.Skip(1));
        if (parts.Count == 0)
        {
            parts.Add(new ShellLiteralPart(string.Empty, Quoted: true));
        }

        return (match.Groups["name"].Value, match.Groups["append"].Success, new ShellWord(parts));
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(?<append>\+)?=")]
    private static partial Regex AssignmentField();

    [GeneratedRegex(@"system|popen|subprocess|exec|spawn|`|child_process|shell_exec|passthru|proc_open|getline|Runtime|\|\s*[""']")]
    private static partial Regex StartsProcesses();

    [GeneratedRegex(@"""(?<text>(?:[^""\\]|\\.)*)""|'(?<text>(?:[^'\\]|\\.)*)'|`(?<text>[^`]*)`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("^-[neE]+$")]
    private static partial Regex EchoOptions();
}

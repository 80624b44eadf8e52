using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// Brace expansion and glob matching over "patterns": expanded word text in which quoted characters are
/// backslash-escaped, so that <c>{curl,x}</c> or <c>/usr/bin/c?rl</c> is read as the shell reads it while
/// <c>"c?rl"</c> stays literal.
/// </summary>
internal static class ShellPatterns
{
    private const string Specials = "\\*?[]{},";

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Specials.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    public static string Unescape(string pattern)
    {
        var text = new StringBuilder(pattern.Length);
        for (var k = 0; k < pattern.Length; k++)
        {
            if (pattern[k] == '\\' && k + 1 < pattern.Length)
            {
                k++;
            }

            text.Append(pattern[k]);
        }

        return text.ToString();
    }

    /// <summary>The part of the pattern after its last unescaped slash: the command's file name.</summary>
    public static string Basename(string pattern)
    {
        var slash = -1;
        for (var k = 0; k < pattern.Length; k++)
        {
            if (pattern[k] == '\\')
            {
                k++;
            }
            else if (pattern[k] == '/')
            {
                slash = k;
            }
        }

        return pattern[(slash + 1)..];
    }

    public static bool HasGlob(string pattern)
    {
        for (var k = 0; k < pattern.Length; k++)
        {
            if (pattern[k] == '\\')
            {
                k++;
            }
            else if (pattern[k] is '*' or '?' || (pattern[k] == '[' && ClosingBracket(pattern, k) > 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the glob <paramref name="pattern"/> (a file name, no slashes) matches <paramref name="name"/>, ignoring case.</summary>
    public static bool GlobMatches(string pattern, string name)
    {
        // Tokens: a literal, '?', '*' or a bracket set. Matched by dynamic programming, so the cost is
        // pattern length times name length whatever the pattern looks like.
        var tokens = new List<(char Kind, char Literal, string Set)>();
        for (var k = 0; k < pattern.Length; k++)
        {
            var c = pattern[k];
            if (c == '\\' && k + 1 < pattern.Length)
            {
                tokens.Add(('c', pattern[++k], string.Empty));
            }
            else if (c is '*' or '?')
            {
                tokens.Add((c, c, string.Empty));
            }
            else if (c == '[' && ClosingBracket(pattern, k) is var close and > 0)
            {
                tokens.Add(('[', c, pattern[(k + 1)..close]));
                k = close;
            }
            else
            {
                tokens.Add(('c', c, string.Empty));
            }
        }

        var matches = new bool[tokens.Count + 1, name.Length + 1];
        matches[tokens.Count, name.Length] = true;
        for (var t = tokens.Count - 1; t >= 0; t--)
        {
            for (var n = name.Length; n >= 0; n--)
            {
                var token = tokens[t];
                matches[t, n] = token.Kind == '*'
                    ? matches[t + 1, n] || (n < name.Length && matches[t, n + 1])
                    : n < name.Length && matches[t + 1, n + 1] && token.Kind switch
                    {
                        '?' => true,
                        '[' => InSet(token.Set, name[n]),
                        _ => char.ToLowerInvariant(token.Literal) == char.ToLowerInvariant(name[n]),
                    };
            }
        }

        return matches[0, 0];
    }

    /// <summary>
    /// Bash brace expansion (<c>{a,b}</c>, nested), capped at <paramref name="limit"/> results. Breadth-first, one
    /// brace group per pattern per round, so a word made of thousands of groups costs a few rounds, not deep recursion.
    /// </summary>
    public static IReadOnlyList<string> ExpandBraces(string pattern, int limit)
    {
        var current = new List<string> { pattern };
        while (true)
        {
            var next = new List<string>(current.Count * 2);
            var expanded = false;
            for (var p = 0; p < current.Count; p++)
            {
                var alternatives = FirstGroup(current[p], out var open, out var close);
                var remaining = current.Count - p - 1;
                if (alternatives is null || next.Count + alternatives.Count + remaining > limit)
                {
                    next.Add(current[p]);
                    continue;
                }

                expanded = true;
                foreach (var alternative in alternatives)
                {
                    next.Add(current[p][..open] + alternative + current[p][(close + 1)..]);
                }
            }

            current = next;
            if (!expanded)
            {
                return current;
            }
        }
    }

    private static List<string>? FirstGroup(string pattern, out int open, out int close)
    {
        for (open = 0; open < pattern.Length; open++)
        {
            if (pattern[open] == '\\')
            {
                open++;
            }
            else if (pattern[open] == '{' && Alternatives(pattern, open, out close) is { } alternatives)
            {
                return alternatives;
            }
        }

        close = -1;
        return null;
    }

    private static bool InSet(string set, char c)
    {
        var negated = set.Length > 0 && set[0] is '!' or '^';
        var found = false;
        var lower = char.ToLowerInvariant(c);
        var upper = char.ToUpperInvariant(c);
        for (var k = negated ? 1 : 0; k < set.Length && !found; k++)
        {
            if (k + 2 < set.Length && set[k + 1] == '-')
            {
                found = (lower >= set[k] && lower <= set[k + 2]) || (upper >= set[k] && upper <= set[k + 2]);
                k += 2;
            }
            else
            {
                found = char.ToLowerInvariant(set[k]) == lower;
            }
        }

        return found != negated;
    }

    // The comma-separated alternatives of the brace group opening at `open`, or null if it is not a brace group.
    private static List<string>? Alternatives(string pattern, int open, out int close)
    {
        var alternatives = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var k = open + 1; k < pattern.Length; k++)
        {
            switch (pattern[k])
            {
                case '\\':
                    k++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case '}':
                    close = k;
                    if (alternatives.Count == 0)
                    {
                        return null;
                    }

                    alternatives.Add(pattern[start..k]);
                    return alternatives;
                case ',' when depth == 0:
                    alternatives.Add(pattern[start..k]);
                    start = k + 1;
                    break;
            }
        }

        close = -1;
        return null;
    }

    private static int ClosingBracket(string pattern, int open)
    {
        var k = open + 1;
        if (k < pattern.Length && pattern[k] is '!' or '^')
        {
            k++;
        }

        if (k < pattern.Length && pattern[k] == ']')
        {
            k++;
        }

        while (k < pattern.Length && pattern[k] != ']')
        {
            k++;
        }

        return k < pattern.Length ? k : -1;
    }
}

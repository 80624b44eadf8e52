using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// Enough of <c>tr</c> to undo the usual letter shuffles (<c>tr a-zA-Z n-za-mN-ZA-M</c>, <c>tr -d '#'</c>).
/// </summary>
internal static class CharacterTranslation
{
    private static readonly Dictionary<string, string> Classes = new(StringComparer.Ordinal)
    {
        ["[:lower:]"] = "abcdefghijklmnopqrstuvwxyz",
        ["[:upper:]"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ["[:digit:]"] = "0123456789",
        ["[:alpha:]"] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        ["[:alnum:]"] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        ["[:space:]"] = " \t\n\r\f\v",
        ["[:blank:]"] = " \t",
    };

    /// <summary>What <c>tr <paramref name="arguments"/></c> prints for <paramref name="input"/>, or null if the options are not understood.</summary>
    public static string? Apply(string input, IReadOnlyList<string> arguments)
    {
        var delete = false;
        var k = 0;
        for (; k < arguments.Count && arguments[k].Length > 1 && arguments[k][0] == '-'; k++)
        {
            if (arguments[k] is "-d" or "--delete")
            {
                delete = true;
            }
            else
            {
                return null; // -c, -s, … : not worth modelling
            }
        }

        var sets = arguments.Skip(k).ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var from = Expand(sets[0]);
        if (delete)
        {
            return new string(input.Where(c => !from.Contains(c)).ToArray());
        }

        if (sets.Count < 2)
        {
            return null;
        }

        var to = Expand(sets[1]);
        if (to.Length == 0)
        {
            return null;
        }

        var output = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            var index = from.IndexOf(c, StringComparison.Ordinal);
            output.Append(index < 0 ? c : to[Math.Min(index, to.Length - 1)]);
        }

        return output.ToString();
    }

    private static string Expand(string set)
    {
        var text = EscapeSequences.Decode(set, EscapeStyle.AnsiC);
        var expanded = new StringBuilder();
        for (var k = 0; k < text.Length; k++)
        {
            var @class = Classes.Keys.FirstOrDefault(name => string.CompareOrdinal(text, k, name, 0, name.Length) == 0);
            if (@class is not null)
            {
                expanded.Append(Classes[@class]);
                k += @class.Length - 1;
            }
            else if (k + 2 < text.Length && text[k + 1] == '-' && text[k] <= text[k + 2])
            {
                for (int c = text[k]; c <= text[k + 2]; c++)
                {
                    expanded.Append((char)c);
                }

                k += 2;
            }
            else
            {
                expanded.Append(text[k]);
            }
        }

        return expanded.ToString();
    }
}

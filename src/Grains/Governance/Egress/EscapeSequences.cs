using System.Globalization;
using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>Which backslash-escape dialect to decode.</summary>
internal enum EscapeStyle
{
    /// <summary>bash <c>$'…'</c> strings and <c>printf</c> formats: <c>\NNN</c> is octal.</summary>
    AnsiC,

    /// <summary><c>echo -e</c>: octal is <c>\0NNN</c> and <c>\c</c> ends the output.</summary>
    Echo,
}

/// <summary>
/// Decodes backslash escapes (<c>\x63</c>, <c>\143</c>, <c>\u0063</c>, <c>\n</c>, …). Attackers spell command names
/// this way (<c>$'\x63url'</c>, <c>printf '\143url'</c>), so the policy must read them as the shell would.
/// </summary>
internal static class EscapeSequences
{
    public static string Decode(string raw, EscapeStyle style)
    {
        var text = new StringBuilder(raw.Length);
        var k = 0;
        while (k < raw.Length)
        {
            if (raw[k] != '\\' || k + 1 >= raw.Length)
            {
                text.Append(raw[k++]);
                continue;
            }

            var e = raw[k + 1];
            k += 2;
            switch (e)
            {
                case 'a': text.Append('\a'); break;
                case 'b': text.Append('\b'); break;
                case 'e' or 'E': text.Append('\u001b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'v': text.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': text.Append(e); break;
                case 'x':
                    AppendNumber(text, raw, ref k, 16, 2, "\\x");
                    break;
                case 'u':
                    AppendNumber(text, raw, ref k, 16, 4, "\\u");
                    break;
                case 'U':
                    AppendNumber(text, raw, ref k, 16, 8, "\\U");
                    break;
                case '0' when style == EscapeStyle.Echo:
                    AppendNumber(text, raw, ref k, 8, 3, "\0");
                    break;
                case >= '0' and <= '7':
                    k--;
                    AppendNumber(text, raw, ref k, 8, 3, "\\");
                    break;
                case 'c' when style == EscapeStyle.Echo:
                    return text.ToString();
                case 'c' when k < raw.Length:
                    text.Append((char)(raw[k++] & 0x1f));
                    break;
                default:
                    text.Append('\\').Append(e);
                    break;
            }
        }

        return text.ToString();
    }

    private static void AppendNumber(StringBuilder text, string raw, ref int k, int radix, int maxDigits, string fallback)
    {
        var start = k;
        while (k < raw.Length && k - start < maxDigits && IsDigit(raw[k], radix))
        {
            k++;
        }

        if (k == start)
        {
            text.Append(fallback);
            return;
        }

        var value = radix == 16
            ? long.Parse(raw.AsSpan(start, k - start), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : Convert.ToInt64(raw[start..k], 8);
        if (value is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
        {
            text.Append(char.ConvertFromUtf32((int)value));
        }
    }

    private static bool IsDigit(char c, int radix) => radix == 16 ? char.IsAsciiHexDigit(c) : c is >= '0' and <= '7';
}

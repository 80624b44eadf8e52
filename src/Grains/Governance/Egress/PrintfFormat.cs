using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// Enough of <c>printf</c> to know what it prints: escapes in the format, <c>%s</c>/<c>%b</c>/<c>%c</c> and friends,
/// and the format's reuse for extra arguments. <c>printf '\143url'</c> prints <c>curl</c>.
/// </summary>
internal static class PrintfFormat
{
    public static string Format(string format, IReadOnlyList<string> arguments)
    {
        var pattern = EscapeSequences.Decode(format, EscapeStyle.AnsiC);
        var output = new StringBuilder();
        var next = 0;
        do
        {
            var consumed = 0;
            for (var k = 0; k < pattern.Length; k++)
            {
                if (pattern[k] != '%' || k + 1 >= pattern.Length)
                {
                    output.Append(pattern[k]);
                    continue;
                }

                if (pattern[k + 1] == '%')
                {
                    output.Append('%');
                    k++;
                    continue;
                }

                var j = k + 1;
                while (j < pattern.Length && "-+ #0123456789.".Contains(pattern[j]))
                {
                    j++;
                }

                if (j >= pattern.Length)
                {
                    output.Append(pattern[k..]);
                    break;
                }

                var argument = next < arguments.Count ? arguments[next++] : string.Empty;
                consumed++;
                output.Append(pattern[j] switch
                {
                    'b' => EscapeSequences.Decode(argument, EscapeStyle.Echo),
                    'c' => argument.Length > 0 ? argument[..1] : string.Empty,
                    _ => argument,
                });
                k = j;
            }

            if (consumed == 0)
            {
                break;
            }
        }
        while (next < arguments.Count);

        return output.ToString();
    }
}

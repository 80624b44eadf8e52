using System.Text;
using DeepSync.Errors;

namespace DeepSync.Text;

/// <summary>
/// What text DeepSync accepts at its boundaries. Control characters (U+0000 included, which PostgreSQL
/// cannot store in text or jsonb), lone surrogates and non-characters are refused in everything people
/// type; one-line fields also refuse line breaks and the bidirectional controls that make a name read
/// differently from what it is. Text DeepSync does not own (an agent's reply, a tool's command) is
/// <see cref="Scrub">scrubbed</see> instead, so it can always be stored and shown.
/// </summary>
public static class UserText
{
    /// <summary>
    /// Why <paramref name="value"/> is not acceptable as <paramref name="field"/>, or null when it is.
    /// The length counts UTF-16 code units, as the limits in <see cref="InputLimits"/> do.
    /// </summary>
    public static string? Problem(string value, string field, TextShape shape, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters (got {value.Length}).";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"{field} contains an incomplete character (a lone UTF-16 surrogate at position {i + 1}).";
            }

            if (IsRefused(c, shape))
            {
                return $"{field} must not contain control characters (U+{(int)c:X4} at position {i + 1}).";
            }
        }

        return null;
    }

    /// <summary>
    /// Returns <paramref name="value"/> when acceptable (trimmed for one-line fields); otherwise throws
    /// <see cref="DeepSyncError.ValidationFailed"/> with a message that names the field and the problem.
    /// </summary>
    public static string Check(string? value, string field, TextShape shape, int maxLength)
    {
        var text = value ?? string.Empty;
        if (shape == TextShape.SingleLine)
        {
            text = text.Trim();
        }

        var problem = Problem(text, field, shape, maxLength);
        return problem is null ? text : throw DeepSyncException.Validation(problem);
    }

    /// <summary>
    /// Makes text from outside (an agent's reply, a command a node reports) safe to store and show:
    /// every refused character and lone surrogate becomes U+FFFD; line breaks and tabs stay.
    /// Returns the same instance when nothing needed replacing.
    /// </summary>
    public static string Scrub(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? scrubbed = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                scrubbed?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }

            var bad = char.IsSurrogate(c) || IsRefused(c, TextShape.MultiLine);
            if (bad && scrubbed is null)
            {
                scrubbed = new StringBuilder(value.Length).Append(value, 0, i);
            }

            scrubbed?.Append(bad ? '\uFFFD' : c);
        }

        return scrubbed?.ToString() ?? value;
    }

    private static bool IsRefused(char c, TextShape shape) => c switch
    {
        '\n' or '\t' or '\r' => shape == TextShape.SingleLine,
        _ when char.IsControl(c) => true,
        '\uFFFE' or '\uFFFF' => true,
        _ when IsBidiControl(c) => shape == TextShape.SingleLine,
        _ => false,
    };

    /// <summary>Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the marks U+200E, U+200F, U+061C.</summary>
    private static bool IsBidiControl(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}

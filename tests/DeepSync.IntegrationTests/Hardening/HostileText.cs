using System.Text;
using CsCheck;

namespace DeepSync.Tests.Hardening;

/// <summary>
/// Arbitrary UTF-16 text as hostile clients send it: control characters (U+0000 included), lone
/// surrogates, bidirectional controls, non-characters, plain ASCII and any other BMP character, 0 to
/// 20,000 code units long (mostly short, sometimes very long), and its encodings on the wire.
/// </summary>
public static class HostileText
{
    public const int MaxLength = 20_000;

    private static readonly Gen<char> Hostile = Gen.Frequency(
        (4, Gen.Char['\0', '\u001f']),
        (1, Gen.Char['\u007f', '\u009f']),
        (2, Gen.Char['\ud800', '\udfff']),
        (2, Gen.OneOf('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\ufffe', '\uffff', '\ufeff')),
        (8, Gen.Char[' ', '~']),
        (3, Gen.Char));

    private static readonly Gen<int> Length = Gen.Frequency(
        (60, Gen.Int[0, 40]),
        (37, Gen.Int[41, 2_000]),
        (3, Gen.Int[2_001, MaxLength]));

    public static readonly Gen<string> Text = Length.SelectMany(n => Hostile.Array[n]).Select(chars => new string(chars));

    /// <summary>
    /// UTF-8, except that a lone surrogate is written as the three bytes its code unit would take
    /// (invalid UTF-8, exactly what a hostile client can send).
    /// </summary>
    public static byte[] Bytes(string text)
    {
        var bytes = new List<byte>(text.Length * 3);
        for (var i = 0; i < text.Length; i++)
        {
            int code = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                code = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (code < 0x80)
            {
                bytes.Add((byte)code);
            }
            else if (code < 0x800)
            {
                bytes.Add((byte)(0xC0 | (code >> 6)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
            else if (code < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (code >> 12)));
                bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (code >> 18)));
                bytes.Add((byte)(0x80 | ((code >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
        }

        return [.. bytes];
    }

    /// <summary>The text percent-encoded for an <c>application/x-www-form-urlencoded</c> body.</summary>
    public static string FormEncoded(string text)
    {
        var encoded = new StringBuilder(text.Length * 3);
        foreach (var b in Bytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>A JSON string literal of the text with every non-ASCII code unit (lone surrogates too) as a <c>\uXXXX</c> escape.</summary>
    public static string JsonEscaped(string text)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is >= ' ' and <= '~' && c is not '"' and not '\\')
            {
                json.Append(c);
            }
            else
            {
                json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return json.Append('"').ToString();
    }
}

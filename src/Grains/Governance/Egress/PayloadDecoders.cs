using System.IO.Compression;
using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// In-memory decoders for the encodings used to smuggle commands past a deny list: base64, base32, hex and gzip.
/// Every decoder is bounded, so a crafted payload (a gzip bomb) cannot make the policy slow.
/// </summary>
internal static class PayloadDecoders
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[]? FromBase64(byte[] input)
    {
        var text = new StringBuilder(input.Length);
        foreach (var b in input)
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                text.Append(c);
            }
            else if (c == '-')
            {
                text.Append('+'); // base64url, as accepted by basenc
            }
            else if (c == '_')
            {
                text.Append('/');
            }
            else if (c == '=')
            {
                break;
            }
        }

        if (text.Length % 4 == 1)
        {
            return null;
        }

        text.Append('=', (4 - (text.Length % 4)) % 4);
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.ToString(), buffer, out var written) ? buffer[..written] : null;
    }

    public static byte[]? FromBase32(byte[] input)
    {
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var b in input)
        {
            var c = char.ToUpperInvariant((char)b);
            if (c == '=')
            {
                break;
            }

            var value = Base32Alphabet.IndexOf(c);
            if (value < 0)
            {
                if (char.IsWhiteSpace(c))
                {
                    continue;
                }

                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return output.ToArray();
    }

    public static byte[]? FromHex(byte[] input)
    {
        var digits = new StringBuilder(input.Length);
        foreach (var b in input)
        {
            var c = (char)b;
            if (char.IsAsciiHexDigit(c))
            {
                digits.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                return null;
            }
        }

        if (digits.Length % 2 == 1)
        {
            digits.Length--;
        }

        return Convert.FromHexString(digits.ToString());
    }

    /// <summary>Decompresses gzip (or raw zlib) data, reading at most <paramref name="limit"/> bytes; null if it is not compressed data.</summary>
    public static byte[]? Gunzip(byte[] input, int limit)
    {
        try
        {
            using var compressed = new MemoryStream(input);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            var output = new byte[limit];
            var total = 0;
            int read;
            while (total < limit && (read = gzip.Read(output, total, limit - total)) > 0)
            {
                total += read;
            }

            return output[..total];
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            return null;
        }
    }
}

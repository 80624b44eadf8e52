using System.Text;

namespace DeepSync.Governance.Egress;

/// <summary>
/// What a command writes (or reads): the bytes when the policy can work them out statically, and whether they
/// went through a decoder or transform (base64, rev, gunzip, …) on the way.
/// </summary>
internal sealed record StreamContent(byte[]? Bytes, bool Decoded)
{
    /// <summary>Content the policy cannot know (a file, the output of an ordinary program).</summary>
    public static readonly StreamContent Unknown = new(null, false);

    public static readonly StreamContent Empty = new([], false);

    public bool IsKnown => Bytes is not null;

    public string? Text => Bytes is null ? null : Encoding.UTF8.GetString(Bytes);

    public static StreamContent FromText(string text, bool decoded = false) =>
        new(text.Length > WordExpansion.MaxLength ? null : Encoding.UTF8.GetBytes(text), decoded);

    /// <summary>What a sequence of commands writes: all of their output, known only if every part is.</summary>
    public static StreamContent Concat(IReadOnlyList<StreamContent> parts)
    {
        var decoded = parts.Any(part => part.Decoded);
        if (parts.Any(part => !part.IsKnown) || parts.Sum(part => (long)part.Bytes!.Length) > WordExpansion.MaxLength)
        {
            return new StreamContent(null, decoded);
        }

        return new StreamContent(parts.SelectMany(part => part.Bytes!).ToArray(), decoded);
    }
}

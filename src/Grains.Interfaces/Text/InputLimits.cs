namespace DeepSync.Text;

/// <summary>
/// The limits people meet when they type into DeepSync. The dashboard shows them and the grains enforce
/// them, both reading this one place, so a form can never promise more than the grain accepts.
/// </summary>
public static class InputLimits
{
    /// <summary>A node's display name.</summary>
    public const int NodeName = 40;

    /// <summary>A node's callsign (letters, digits, '-' and '_').</summary>
    public const int Callsign = 24;

    /// <summary>A node's role line.</summary>
    public const int Role = 80;

    /// <summary>A node's location line.</summary>
    public const int Location = 80;

    /// <summary>One chat message to a teammate.</summary>
    public const int Message = 8_000;

    /// <summary>A core memory block or an archival passage.</summary>
    public const int MemoryText = 20_000;

    /// <summary>An archival memory search.</summary>
    public const int MemorySearch = 500;

    /// <summary>The reason given for a suspension, a resume or a minute grant.</summary>
    public const int Reason = 500;

    /// <summary>An account's display name.</summary>
    public const int DisplayName = 60;
}

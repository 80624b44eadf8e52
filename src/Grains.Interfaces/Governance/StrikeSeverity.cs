namespace DeepSync.Governance;

/// <summary>How serious a security strike is. Every strike counts toward the three-strikes rule.</summary>
public enum StrikeSeverity
{
    /// <summary>Not a strike.</summary>
    None = 0,
    /// <summary>Worth recording.</summary>
    Low = 1,
    /// <summary>A blocked attempt to reach the network.</summary>
    Medium = 2,
    /// <summary>A blocked attempt to open a raw channel out (netcat, /dev/tcp …).</summary>
    High = 3,
}

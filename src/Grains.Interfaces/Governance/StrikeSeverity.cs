namespace DeepSync.Governance;

/// <summary>How serious a security strike is. Every strike counts toward the three-strikes rule.</summary>
public enum StrikeSeverity
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}

namespace DeepSync.Governance;

/// <summary>The three-strikes rule: strikes across all of a user's nodes within a rolling window.</summary>
public static class StrikePolicy
{
    /// <summary>Strikes within the window that suspend every node of the user.</summary>
    public const int Threshold = 3;

    /// <summary>The rolling window; a strike exactly this old no longer counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>The initiator recorded on suspensions this rule causes.</summary>
    public static readonly Actor Initiator = Actor.ForPolicy("three-strikes policy");

    /// <summary>How many of <paramref name="strikeTimes"/> fall inside the window ending at <paramref name="now"/>.</summary>
    public static int InWindow(IEnumerable<DateTimeOffset> strikeTimes, DateTimeOffset now) =>
        strikeTimes.Count(at => at > now - Window && at <= now);
}

namespace DeepSync.Billing;

/// <summary>Monthly periods counted from an anchor (the sign-up instant).</summary>
public static class BillingPeriod
{
    /// <summary>The period that contains <paramref name="now"/>: [start, end).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Containing(DateTimeOffset anchor, DateTimeOffset now)
    {
        if (now < anchor)
        {
            return (anchor, anchor.AddMonths(1));
        }

        // Estimate the month index, then correct for month lengths (AddMonths clamps to the month's end).
        var months = ((now.Year - anchor.Year) * 12) + now.Month - anchor.Month;
        while (months > 0 && anchor.AddMonths(months) > now)
        {
            months--;
        }

        while (anchor.AddMonths(months + 1) <= now)
        {
            months++;
        }

        return (anchor.AddMonths(months), anchor.AddMonths(months + 1));
    }
}

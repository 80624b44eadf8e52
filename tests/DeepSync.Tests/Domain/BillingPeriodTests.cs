using DeepSync.Billing;

namespace DeepSync.Tests.Domain;

public sealed class BillingPeriodTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-01-31T10:00:00Z", "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z")]
    [InlineData("2026-02-28T09:59:59Z", "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z")]
    [InlineData("2026-02-28T10:00:00Z", "2026-02-28T10:00:00Z", "2026-03-31T10:00:00Z")]
    [InlineData("2026-12-31T23:00:00Z", "2026-12-31T10:00:00Z", "2027-01-31T10:00:00Z")]
    [InlineData("2025-06-01T00:00:00Z", "2026-01-31T10:00:00Z", "2026-02-28T10:00:00Z")]
    public void The_period_containing_an_instant_is_counted_in_months_from_the_anchor(string now, string start, string end)
    {
        var (s, e) = BillingPeriod.Containing(Anchor, DateTimeOffset.Parse(now));
        Assert.Equal(DateTimeOffset.Parse(start), s);
        Assert.Equal(DateTimeOffset.Parse(end), e);
    }
}

using DeepSync.Governance;

namespace DeepSync.Tests.Domain;

public sealed class StrikePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(86_399, 1)]
    [InlineData(86_400, 0)]
    [InlineData(90_000, 0)]
    public void A_strike_counts_while_younger_than_24_hours(int ageSeconds, int expected)
    {
        Assert.Equal(expected, StrikePolicy.InWindow([Now.AddSeconds(-ageSeconds)], Now));
    }
}

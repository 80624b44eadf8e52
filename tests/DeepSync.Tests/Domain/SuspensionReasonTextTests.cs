using DeepSync.Governance;

namespace DeepSync.Tests.Domain;

public sealed class SuspensionReasonTextTests
{
    [Fact]
    public void Every_reason_has_one_spelling_that_reads_back_and_unknown_text_is_refused()
    {
        Assert.All(Enum.GetValues<SuspensionReason>(), r => Assert.Equal(r, SuspensionReasonText.Parse(SuspensionReasonText.Of(r))));
        Assert.Equal(Enum.GetValues<SuspensionReason>().Length, Enum.GetValues<SuspensionReason>().Select(SuspensionReasonText.Of).Distinct().Count());
        Assert.Equal("over_plan_limit", SuspensionReasonText.Of(SuspensionReason.OverPlanLimit));
        Assert.Throws<ArgumentOutOfRangeException>(() => SuspensionReasonText.Parse("paused"));
    }
}

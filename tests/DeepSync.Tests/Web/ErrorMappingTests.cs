using DeepSync.Errors;
using DeepSync.Web;

namespace DeepSync.Tests.Web;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData(DeepSyncError.ValidationFailed, 400, "VALIDATION_FAILED")]
    [InlineData(DeepSyncError.NodeNotFound, 404, "NODE_NOT_FOUND")]
    [InlineData(DeepSyncError.NodeSuspended, 423, "NODE_SUSPENDED")]
    [InlineData(DeepSyncError.NodeLimitReached, 409, "NODE_LIMIT_REACHED")]
    [InlineData(DeepSyncError.TierNotFound, 404, "TIER_NOT_FOUND")]
    [InlineData(DeepSyncError.TierInUse, 409, "TIER_IN_USE")]
    [InlineData(DeepSyncError.TierArchived, 409, "TIER_ARCHIVED")]
    [InlineData(DeepSyncError.Forbidden, 403, "FORBIDDEN")]
    [InlineData(DeepSyncError.Conflict, 409, "CONFLICT")]
    [InlineData(DeepSyncError.SubscriptionNotFound, 404, "SUBSCRIPTION_NOT_FOUND")]
    [InlineData(DeepSyncError.NodeDeleted, 404, "NODE_DELETED")]
    [InlineData(DeepSyncError.NodeNotRunning, 409, "NODE_NOT_RUNNING")]
    [InlineData(DeepSyncError.RuntimeUnavailable, 503, "RUNTIME_UNAVAILABLE")]
    [InlineData(DeepSyncError.NotSupportedByRuntime, 501, "NOT_SUPPORTED_BY_RUNTIME")]
    public void Every_refusal_has_its_status_and_a_stable_code(DeepSyncError error, int status, string code)
    {
        Assert.Equal(status, ErrorMapping.StatusCode(error));
        Assert.Equal(code, ErrorMapping.Code(error));
    }

    [Fact]
    public void The_table_above_covers_every_refusal()
    {
        var covered = typeof(ErrorMappingTests).GetMethod(nameof(Every_refusal_has_its_status_and_a_stable_code))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (DeepSyncError)a.GetData(null!).First()[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<DeepSyncError>().ToHashSet(), covered);
    }
}

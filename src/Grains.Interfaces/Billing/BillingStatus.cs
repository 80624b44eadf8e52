namespace DeepSync.Billing;

/// <summary>Where a subscription stands with billing.</summary>
public enum BillingStatus
{
    /// <summary>Paid up (or on the free tier).</summary>
    Active = 0,
    /// <summary>A payment failed; the grace period runs.</summary>
    PastDue = 1,
    /// <summary>The paid plan ended.</summary>
    Canceled = 2,
}

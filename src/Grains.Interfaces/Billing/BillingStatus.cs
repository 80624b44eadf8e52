namespace DeepSync.Billing;

/// <summary>Where a subscription stands with billing.</summary>
public enum BillingStatus
{
    Active = 0,
    PastDue = 1,
    Canceled = 2,
}

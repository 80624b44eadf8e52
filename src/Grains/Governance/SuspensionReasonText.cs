namespace DeepSync.Governance;

/// <summary>How suspension reasons are spelled in the ledger, the directory and refusals (snake_case).</summary>
public static class SuspensionReasonText
{
    public static string Of(SuspensionReason reason) => reason switch
    {
        SuspensionReason.OwnerRequest => "owner_request",
        SuspensionReason.Operator => "operator",
        SuspensionReason.SecurityStrikes => "security_strikes",
        SuspensionReason.OverPlanLimit => "over_plan_limit",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static SuspensionReason Parse(string text)
    {
        foreach (var reason in Enum.GetValues<SuspensionReason>())
        {
            if (Of(reason) == text)
            {
                return reason;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(text), text, null);
    }
}

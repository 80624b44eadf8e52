namespace DeepSync.Governance;

/// <summary>Why a node is suspended; decides who may lift it.</summary>
public enum SuspensionReason
{
    /// <summary>The owner pressed their kill switch; the owner or an operator may resume.</summary>
    OwnerRequest = 1,
    /// <summary>An operator suspended the node; only an operator may resume.</summary>
    Operator = 2,
    /// <summary>Three security strikes within 24 hours; only an operator may resume.</summary>
    SecurityStrikes = 3,
    /// <summary>The subscription's tier no longer covers this node; lifted by an operator or when the plan allows it again.</summary>
    OverPlanLimit = 4,
}

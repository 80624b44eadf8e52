using DeepSync.Errors;

namespace DeepSync.Governance;

/// <summary>
/// Who may suspend and who may lift a suspension. The prototype let owners lift any suspension of
/// their own node; here an owner lifts only what the owner started.
/// </summary>
public static class SuspensionPolicy
{
    /// <summary>Throws unless <paramref name="actor"/> may suspend a node of <paramref name="ownerId"/> for <paramref name="reason"/>.</summary>
    public static void EnsureMaySuspend(Actor actor, Guid ownerId, SuspensionReason reason)
    {
        var allowed = reason switch
        {
            SuspensionReason.OwnerRequest => actor.UserId == ownerId,
            SuspensionReason.Operator => actor.Kind == ActorKind.Operator,
            SuspensionReason.SecurityStrikes => actor.Kind is ActorKind.Policy or ActorKind.Operator,
            SuspensionReason.OverPlanLimit => actor.Kind is ActorKind.System or ActorKind.Operator,
            _ => false,
        };

        if (!allowed)
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, $"A {Describe(actor.Kind)} cannot suspend a node for reason '{reason}'.");
        }
    }

    /// <summary>
    /// Whether a new suspension for <paramref name="incoming"/> replaces one already in place for
    /// <paramref name="current"/>. A suspension that the owner may not lift outranks one the owner may,
    /// or an owner could suspend first and then lift an operator's kill switch along with their own.
    /// Of equal rank, the first suspension stands.
    /// </summary>
    public static bool Supersedes(SuspensionReason incoming, SuspensionReason current) => Rank(incoming) > Rank(current);

    // Owner < plan limit (lifted by the platform) < operator and strikes (lifted only by an operator).
    private static int Rank(SuspensionReason reason) => reason switch
    {
        SuspensionReason.OwnerRequest => 0,
        SuspensionReason.OverPlanLimit => 1,
        SuspensionReason.Operator or SuspensionReason.SecurityStrikes => 2,
        _ => 0,
    };

    /// <summary>Whether <paramref name="actor"/> may lift <paramref name="suspension"/> on a node of <paramref name="ownerId"/> (the dashboard asks this too).</summary>
    public static bool MayResume(Actor actor, Guid ownerId, Suspension suspension) =>
        actor.Kind == ActorKind.Operator || suspension.Reason switch
        {
            SuspensionReason.OwnerRequest => actor.UserId == ownerId,
            SuspensionReason.OverPlanLimit => actor.Kind == ActorKind.System,
            _ => false,
        };

    /// <summary>Throws unless <paramref name="actor"/> may lift <paramref name="suspension"/> on a node of <paramref name="ownerId"/>.</summary>
    public static void EnsureMayResume(Actor actor, Guid ownerId, Suspension suspension)
    {
        if (!MayResume(actor, ownerId, suspension))
        {
            var by = suspension.Reason switch
            {
                SuspensionReason.Operator => "an operator",
                SuspensionReason.SecurityStrikes => "the three-strikes policy",
                SuspensionReason.OverPlanLimit => "the plan limit",
                _ => "someone else",
            };
            throw new DeepSyncException(DeepSyncError.Forbidden, $"This node was suspended by {by}; only an operator can resume it.");
        }
    }

    private static string Describe(ActorKind kind) => kind switch
    {
        ActorKind.User => "user",
        ActorKind.Operator => "operator",
        ActorKind.Policy => "policy",
        _ => "platform component",
    };
}

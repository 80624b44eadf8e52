namespace DeepSync.Governance;

/// <summary>Who is behind a request.</summary>
public enum ActorKind
{
    /// <summary>A signed-in user acting on their own resources.</summary>
    User = 1,
    /// <summary>A signed-in operator (role claim granted from configuration).</summary>
    Operator = 2,
    /// <summary>An automatic policy, e.g. the three-strikes rule.</summary>
    Policy = 3,
    /// <summary>The platform itself, e.g. a plan downgrade or a billing event.</summary>
    System = 4,
}

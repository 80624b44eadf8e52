namespace DeepSync.Governance;

/// <summary>
/// The initiator of a request, established by the server from the authenticated principal or the
/// policy that fired — never taken from a request body.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("DeepSync.Governance.Actor")]
public sealed record Actor(
    [property: Id(0)] ActorKind Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] string DisplayName)
{
    /// <summary>A signed-in user acting on their own behalf.</summary>
    public static Actor ForUser(Guid userId, string displayName) => new(ActorKind.User, userId.ToString(), displayName);

    /// <summary>An operator (role claim from configuration, confirmed address).</summary>
    public static Actor ForOperator(string id, string displayName) => new(ActorKind.Operator, id, displayName);

    /// <summary>A rule that fired by itself, such as three strikes.</summary>
    public static Actor ForPolicy(string policyName) => new(ActorKind.Policy, policyName, policyName);

    /// <summary>The platform itself (a component, never a person).</summary>
    public static Actor ForSystem(string component) => new(ActorKind.System, component, component);

    /// <summary>The user id when this actor is a user; otherwise <c>null</c>.</summary>
    public Guid? UserId => Kind == ActorKind.User && Guid.TryParse(Id, out var id) ? id : null;

    /// <summary>Whether this actor is an operator.</summary>
    public bool IsOperator => Kind == ActorKind.Operator;
}

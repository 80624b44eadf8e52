using DeepSync.Errors;

namespace DeepSync.Governance;

/// <summary>The check every platform-only grain method makes of its caller.</summary>
public static class PlatformCaller
{
    /// <summary>Throws <see cref="DeepSyncError.Forbidden"/> unless <paramref name="caller"/> is the platform itself.</summary>
    public static void Ensure(Actor? caller, string what)
    {
        if (caller is not { Kind: ActorKind.System })
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, $"Only the platform can {what}.");
        }
    }
}

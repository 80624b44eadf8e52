using DeepSync.Errors;
using DeepSync.Governance;

namespace DeepSync.Web.Application;

/// <summary>Who may ask the application's operator-wide questions; owner questions are checked by the grains that own the data.</summary>
public static class Access
{
    /// <summary>Refuses every caller but an operator (the pages' policy already did; this holds for every other caller too).</summary>
    public static void RequireOperator(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOperator)
        {
            throw new DeepSyncException(DeepSyncError.Forbidden, "Only operators can see this.");
        }
    }
}

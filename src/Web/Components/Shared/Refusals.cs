using DeepSync.Errors;
using MudBlazor;

namespace DeepSync.Web.Components.Shared;

/// <summary>The dashboard's one way to run an action whose refusal people should read: a grain's refusal becomes a notice, success an optional one.</summary>
public static class Refusals
{
    /// <summary>Runs <paramref name="action"/>; returns whether it succeeded. A refusal is shown as a warning.</summary>
    public static async Task<bool> TryAsync(this ISnackbar snackbar, Func<Task> action, string? done = null)
    {
        try
        {
            await action();
        }
        catch (DeepSyncException ex)
        {
            snackbar.Add(ex.Message, Severity.Warning);
            return false;
        }

        if (done is not null)
        {
            snackbar.Add(done, Severity.Success);
        }

        return true;
    }
}

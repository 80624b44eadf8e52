using Orleans.Core;
using Microsoft.Extensions.Logging;

namespace DeepSync.Governance;

/// <summary>
/// Runs a grain's publish step (ledger entries, directory rows) and, when the database is away,
/// keeps retrying on a grain timer until it succeeds. The data to publish is already durable in the
/// grain's state, so a failed publish never loses anything.
/// </summary>
public sealed class PublishRetry(Grain grain, ILogger logger, Func<CancellationToken, Task> publish)
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(5);
    private IGrainTimer? _timer;

    /// <summary>Tries to publish now; schedules retries on failure. Never throws; returns whether it published.</summary>
    public async Task<bool> TryAsync()
    {
        try
        {
            await publish(CancellationToken.None);
            _timer?.Dispose();
            _timer = null;
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Publishing {Grain} to the ledger/directory failed; retrying every {Period}", grain.GetGrainId(), RetryPeriod);
            _timer ??= grain.RegisterGrainTimer(
                static (self, _) => self.TryAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = RetryPeriod, Period = RetryPeriod, KeepAlive = true });
            return false;
        }
    }

    /// <summary>
    /// Publishes what an earlier activation left unpublished and, on success, writes the grain's state
    /// so the next activation does not publish it again. Never throws.
    /// </summary>
    public async Task PublishOnActivationAsync(IStorage state, CancellationToken cancellationToken)
    {
        if (!await TryAsync())
        {
            return;
        }

        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Harmless: the next activation publishes again, and publishing is idempotent.
            logger.LogWarning(ex, "Could not record that {Grain} is published", grain.GetGrainId());
        }
    }
}

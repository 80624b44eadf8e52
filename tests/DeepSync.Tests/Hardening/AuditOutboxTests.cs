using DeepSync.Governance;

namespace DeepSync.Tests.Hardening;

public sealed class AuditOutboxTests
{
    /// <summary>A ledger whose appends wait until the test lets each one finish.</summary>
    private sealed class GatedLedger : IAuditLedger
    {
        public List<(IReadOnlyList<AuditEntry> Entries, TaskCompletionSource Done)> Calls { get; } = [];

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Calls.Add((entries.ToList(), done));
            return done.Task;
        }
    }

    private static AuditEntry Entry(string action) => AuditEntries.Create(DateTimeOffset.UtcNow, action, Actor.ForSystem("test"), null, null);

    [Fact]
    public async Task Overlapping_publishes_remove_exactly_what_was_confirmed()
    {
        var ledger = new GatedLedger();
        var first = Entry(AuditAction.NodeCreated);
        var second = Entry(AuditAction.NodeLaunched);
        var pending = new List<AuditEntry> { first, second };

        var older = ledger.FlushAsync(pending, CancellationToken.None);
        var newer = ledger.FlushAsync(pending, CancellationToken.None);
        var third = Entry(AuditAction.NodeSuspended);
        pending.Add(third);

        // The later publish is confirmed first and empties what it sent; the older one must not fail.
        ledger.Calls[1].Done.SetResult();
        await newer;
        Assert.Equal([third], pending);
        ledger.Calls[0].Done.SetResult();
        await older;
        Assert.Equal([third], pending);


        var last = ledger.FlushAsync(pending, CancellationToken.None);
        Assert.Equal([third], ledger.Calls[2].Entries);
        ledger.Calls[2].Done.SetResult();
        await last;
        Assert.Empty(pending);
    }
}

using DeepSync.Fleet;
using DeepSync.Governance;
using DeepSync.Silo.Governance;

namespace DeepSync.Web.Application.Ledger;

/// <summary>
/// The audit ledger as people may read it: the whole ledger for operators; one node's entries for whoever
/// the node grain lets see that node (its owner or an operator). Nobody else reads a line.
/// </summary>
public sealed class LedgerQueries(AuditLedgerQuery ledger, AuditDeadLetterQuery deadLetters, IGrainFactory grains)
{
    /// <summary>The most lines one read returns.</summary>
    public const int MaxPageSize = AuditLedgerQuery.MaxPageSize;

    /// <summary>One node's entries, newest first, for its owner or an operator (anyone else: the grain's "not found").</summary>
    public async Task<IReadOnlyList<LedgerLine>> ForNodeAsync(Actor actor, Guid nodeId, int limit, CancellationToken cancellationToken = default)
    {
        await grains.GetGrain<ITeammateNodeGrain>(nodeId).Get(actor);
        return await ReadAsync(new AuditFilter(NodeId: nodeId), limit, null, cancellationToken);
    }

    /// <summary>One page of the whole ledger, newest first (operators only); pass the last sequence seen to continue.</summary>
    public Task<IReadOnlyList<LedgerLine>> SearchAsync(Actor actor, LedgerFilter filter, int pageSize, long? before = null, CancellationToken cancellationToken = default)
    {
        Access.RequireOperator(actor);
        var action = string.IsNullOrWhiteSpace(filter.Action) ? null : filter.Action.Trim();
        return ReadAsync(new AuditFilter(filter.NodeId, filter.UserId, action, filter.From, filter.To), pageSize, before, cancellationToken);
    }

    /// <summary>
    /// Entries PostgreSQL could not hold as written (operators only): how many, and the newest
    /// <paramref name="count"/>. Each also stands in the ledger in scrubbed form.
    /// </summary>
    public async Task<(long Total, IReadOnlyList<DeadLetterLine> Newest)> DeadLettersAsync(Actor actor, int count, CancellationToken cancellationToken = default)
    {
        Access.RequireOperator(actor);
        var (total, newest) = await deadLetters.ReadAsync(count, cancellationToken);
        return (total, newest.Select(d => new DeadLetterLine(d.OccurredAt, d.Action, d.NodeId, d.Problem)).ToList());
    }

    private async Task<IReadOnlyList<LedgerLine>> ReadAsync(AuditFilter filter, int pageSize, long? before, CancellationToken cancellationToken)
    {
        var records = await ledger.ReadAsync(filter, pageSize, before, cancellationToken);
        return records.Select(r => new LedgerLine(r.Sequence, r.OccurredAt, r.Action, r.InitiatorKind, r.InitiatorId, r.InitiatorName, r.NodeId, r.UserId, r.Details)).ToList();
    }
}

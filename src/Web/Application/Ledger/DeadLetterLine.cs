namespace DeepSync.Web.Application.Ledger;

/// <summary>A ledger entry that was set aside because PostgreSQL could not hold it as written, as operators see it.</summary>
public sealed record DeadLetterLine(DateTimeOffset OccurredAt, string Action, Guid? NodeId, string Problem);

namespace DeepSync.Web.Accounts;

/// <summary>An e-mail held in the outbox.</summary>
public sealed record OutboxMessage(long Id, DateTimeOffset CreatedAt, string Recipient, string Subject, string Body, string? ActionUrl);

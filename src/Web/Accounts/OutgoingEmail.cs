namespace DeepSync.Web.Accounts;

/// <summary>An e-mail the platform sends: to whom, what about, the text, and the one link it asks the reader to follow.</summary>
public sealed record OutgoingEmail(string To, string Subject, string Text, string? ActionUrl);

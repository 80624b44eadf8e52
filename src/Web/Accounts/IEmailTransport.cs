namespace DeepSync.Web.Accounts;

/// <summary>Delivers account e-mail: SMTP when configured, otherwise the PostgreSQL outbox operators read.</summary>
public interface IEmailTransport
{
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default);
}

using Npgsql;

namespace DeepSync.Web.Accounts;

/// <summary>
/// Without SMTP, account e-mail lands in the <c>email_outbox</c> table, which operators read at
/// <c>/ops/outbox</c>. In Development the link is also logged, so the person running the platform
/// locally can confirm the first operator address.
/// </summary>
public sealed class OutboxEmailTransport(NpgsqlDataSource dataSource, IHostEnvironment environment, ILogger<OutboxEmailTransport> logger) : IEmailTransport
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO email_outbox (recipient, subject, body, action_url) VALUES (@recipient, @subject, @body, @action_url) RETURNING id");
        command.Parameters.AddWithValue("recipient", email.To);
        command.Parameters.AddWithValue("subject", email.Subject);
        command.Parameters.AddWithValue("body", email.Text);
        command.Parameters.Add(new NpgsqlParameter<string?>("action_url", email.ActionUrl) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var id = await command.ExecuteScalarAsync(cancellationToken);
        if (environment.IsDevelopment())
        {
            logger.LogInformation("No SMTP configured: e-mail {Id} '{Subject}' to {To} is in the outbox (/ops/outbox). Link: {Link}", id, email.Subject, email.To, email.ActionUrl);
        }
        else
        {
            logger.LogInformation("No SMTP configured: e-mail {Id} '{Subject}' is in the outbox (/ops/outbox)", id, email.Subject);
        }
    }
}

using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace DeepSync.Web.Accounts;

/// <summary>Sends account e-mail through the configured SMTP relay.</summary>
public sealed class SmtpEmailTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        }

        using var message = new MailMessage { From = new MailAddress(smtp.From), Subject = email.Subject, Body = email.Text, IsBodyHtml = false };
        message.To.Add(email.To);
        await client.SendMailAsync(message, cancellationToken);
    }
}

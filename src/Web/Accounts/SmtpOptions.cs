namespace DeepSync.Web.Accounts;

/// <summary>SMTP relay settings (<c>DeepSync:Smtp</c>). With no host, e-mail goes to the outbox.</summary>
public sealed class SmtpOptions
{
    public const string Section = "DeepSync:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "DeepSync <no-reply@deepsync.local>";

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

namespace DeepSync.Web.Accounts;

/// <summary>Who is an operator: listed e-mail addresses and/or every address of one domain (confirmed addresses only).</summary>
public sealed class OperatorOptions
{
    public const string Section = "DeepSync:Operators";

    /// <summary>E-mail addresses granted the operator role, compared case-insensitively.</summary>
    public List<string> Emails { get; set; } = [];

    /// <summary>A domain (e.g. <c>deepsync.example</c>) whose confirmed addresses are operators; empty for none.</summary>
    public string? Domain { get; set; }

    public bool IsOperator(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var trimmed = email.Trim();
        if (Emails.Any(e => string.Equals(e.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // The whole part after the last '@' must equal the domain: "x@evil-deepsync.example" or
        // "x@deepsync.example.evil" do not match "deepsync.example".
        var at = trimmed.LastIndexOf('@');
        return !string.IsNullOrWhiteSpace(Domain) && at > 0
            && string.Equals(trimmed[(at + 1)..], Domain.Trim().TrimStart('@'), StringComparison.OrdinalIgnoreCase);
    }
}

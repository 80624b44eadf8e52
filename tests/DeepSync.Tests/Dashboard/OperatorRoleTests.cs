using System.Security.Claims;
using DeepSync.Web.Accounts;
using DeepSync.Web.Overwatch;
using Microsoft.Extensions.Options;

namespace DeepSync.Tests.Dashboard;

/// <summary>Who becomes an operator: listed or same-domain addresses, confirmed ones only.</summary>
public sealed class OperatorRoleTests
{
    private static ClaimsPrincipal Principal(string email, bool confirmed) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Email, email), new Claim(DeepSyncClaims.EmailConfirmed, confirmed ? "true" : "false")],
        "test"));

    private static async Task<bool> IsOperatorAsync(OperatorOptions options, string email, bool confirmed)
    {
        var transformation = new OperatorClaimsTransformation(new StaticMonitor(options));
        return (await transformation.TransformAsync(Principal(email, confirmed))).IsOperator();
    }

    [Fact]
    public async Task A_listed_address_is_an_operator_only_once_confirmed()
    {
        var options = new OperatorOptions { Emails = ["Ops@DeepSync.test"] };
        Assert.True(await IsOperatorAsync(options, "ops@deepsync.test", confirmed: true));
        Assert.False(await IsOperatorAsync(options, "ops@deepsync.test", confirmed: false));
        Assert.False(await IsOperatorAsync(options, "ops2@deepsync.test", confirmed: true));
    }

    [Theory]
    [InlineData("alice@deepsync.example", true)]
    [InlineData("alice@DEEPSYNC.example", true)]
    [InlineData("alice@evil-deepsync.example", false)]
    [InlineData("alice@deepsync.example.evil", false)]
    [InlineData("deepsync.example@evil.test", false)]
    [InlineData("alice@sub.deepsync.example", false)]
    public async Task A_domain_matches_the_whole_domain_and_nothing_that_merely_ends_or_starts_like_it(string email, bool expected)
    {
        var options = new OperatorOptions { Domain = "deepsync.example" };
        Assert.Equal(expected, await IsOperatorAsync(options, email, confirmed: true));
    }

    [Fact]
    public void Csv_cells_are_quoted_and_formulas_neutralised()
    {
        Assert.Equal("plain", AuditCsv.Cell("plain"));
        Assert.Equal("\"a,b\"", AuditCsv.Cell("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", AuditCsv.Cell("say \"hi\""));
        Assert.Equal("'=HYPERLINK(1)", AuditCsv.Cell("=HYPERLINK(1)"));
    }

    private sealed class StaticMonitor(OperatorOptions value) : IOptionsMonitor<OperatorOptions>
    {
        public OperatorOptions CurrentValue => value;

        public OperatorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OperatorOptions, string?> listener) => null;
    }
}

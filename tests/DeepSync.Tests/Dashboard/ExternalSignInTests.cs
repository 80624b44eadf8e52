using DeepSync.Web.Accounts;
using Microsoft.Extensions.Configuration;

namespace DeepSync.Tests.Dashboard;

/// <summary>GitHub and Google sign-in are offered only when their client ids are configured.</summary>
public sealed class ExternalSignInTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void No_client_id_means_no_button()
    {
        Assert.Empty(ExternalSignIn.Configured(Configuration()));
        Assert.Empty(ExternalSignIn.Configured(Configuration(("DeepSync:Authentication:GitHub:ClientId", " "))));
    }

    [Fact]
    public void Each_configured_provider_gets_a_button()
    {
        var providers = ExternalSignIn.Configured(Configuration(
            ("DeepSync:Authentication:GitHub:ClientId", "gh-client"),
            ("DeepSync:Authentication:Google:ClientId", "google-client")));
        Assert.Equal([(AccountsSetup.GitHubScheme, "GitHub"), (AccountsSetup.GoogleScheme, "Google")], providers);
    }
}

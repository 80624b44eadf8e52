using DeepSync.Tests.Railway;
using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DeepSync.Tests.Hardening;

/// <summary>Without a certificate the key ring is stored unencrypted by choice, and the log says which setting encrypts it.</summary>
public sealed class KeyRingDefaultTests
{
    [Fact]
    public async Task Without_a_certificate_the_log_names_the_setting_instead_of_warning_about_a_missing_encryptor()
    {
        await using var data = NpgsqlDataSource.Create(await TestPostgres.NewDatabaseAsync());
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton(data);
        services.AddDeepSyncKeyRing(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        var protector = provider.GetDataProtector("test");
        Assert.Equal("cookie", protector.Unprotect(protector.Protect("cookie")));

        Assert.DoesNotContain(logs.Entries, e => e.Contains("No XML encryptor configured", StringComparison.Ordinal));
        Assert.Single(logs.Entries, e => e.Contains("stored unencrypted", StringComparison.Ordinal) && e.Contains(KeyRing.CertificateSetting, StringComparison.Ordinal));
    }
}

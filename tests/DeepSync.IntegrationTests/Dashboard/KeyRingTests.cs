using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DeepSync.Tests.Dashboard;

/// <summary>The Data Protection key ring lives in PostgreSQL, so two web instances read each other's cookies and tokens.</summary>
public sealed class KeyRingTests
{
    private static IDataProtector Instance(NpgsqlDataSource data)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("deepsync");
        services.AddOptions<KeyManagementOptions>().Configure(o => o.XmlRepository = new PostgresKeyRepository(data));
        return services.BuildServiceProvider().GetDataProtector("test");
    }

    [Fact]
    public async Task What_one_instance_protects_another_instance_on_the_same_database_can_read()
    {
        await using var data = NpgsqlDataSource.Create(await TestPostgres.NewDatabaseAsync());
        var token = Instance(data).Protect("session");
        Assert.Equal("session", Instance(data).Unprotect(token));

        await using var count = data.CreateCommand("SELECT count(*) FROM data_protection_keys");
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
    }
}

/// <summary>With a certificate configured, the key ring in PostgreSQL is encrypted at rest.</summary>
public sealed class EncryptedKeyRingTests
{
    private static string NewCertificate()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=deepsync-key-ring", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-password"));
    }

    private static IDataProtector Instance(NpgsqlDataSource data, string? certificate, string? password = "pfx-password")
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [KeyRing.CertificateSetting] = certificate, [KeyRing.CertificatePasswordSetting] = password })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(data);
        services.AddDeepSyncKeyRing(configuration);
        return services.BuildServiceProvider().GetDataProtector("test");
    }

    [Fact]
    public async Task Keys_are_stored_encrypted_and_only_holders_of_the_certificate_can_read_what_they_protect()
    {
        await using var data = NpgsqlDataSource.Create(await TestPostgres.NewDatabaseAsync());
        var certificate = NewCertificate();

        var token = Instance(data, certificate).Protect("cookie");

        Assert.Equal("cookie", Instance(data, certificate).Unprotect(token));
        await using var stored = data.CreateCommand("SELECT xml FROM data_protection_keys");
        var xml = (string)(await stored.ExecuteScalarAsync())!;
        Assert.Contains("encryptedSecret", xml);
        Assert.DoesNotContain("<value>", xml); // the plain form keeps the master key in a <value> element
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Instance(data, certificate: null).Unprotect(token));
    }

    [Fact]
    public void A_certificate_that_does_not_open_stops_start_up_naming_the_setting()
    {
        using var data = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
        var ex = Assert.Throws<DeepSync.Silo.Database.StartupException>(() => Instance(data, NewCertificate(), password: "wrong"));
        Assert.Contains("DeepSync__DataProtection__Certificate", ex.Message);
    }
}

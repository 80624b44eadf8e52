using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeepSync.Silo.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Npgsql;

namespace DeepSync.Web.Accounts;

/// <summary>
/// The Data Protection key ring: shared in PostgreSQL by every web instance and, when
/// <c>DeepSync:DataProtection:Certificate</c> (a base64 PKCS#12 file, a secret) is set, encrypted at rest
/// with that certificate, so reading the database alone is not enough to forge cookies or tokens.
/// </summary>
public static class KeyRing
{
    public const string CertificateSetting = "DeepSync:DataProtection:Certificate";
    public const string CertificatePasswordSetting = "DeepSync:DataProtection:CertificatePassword";

    public static IDataProtectionBuilder AddDeepSyncKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName("deepsync");
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new PostgresKeyRepository(dataSource));
        if (LoadCertificate(configuration) is { } certificate)
        {
            builder.ProtectKeysWithCertificate(certificate);
        }
        else
        {
            // Unencrypted by choice, said once with the setting that changes it, instead of Data
            // Protection's generic "No XML encryptor configured" warning on every new key.
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, sp) =>
            {
                options.XmlEncryptor ??= new NullXmlEncryptor(sp);
                var development = sp.GetService<IHostEnvironment>()?.IsDevelopment() ?? true;
                sp.GetService<ILoggerFactory>()?.CreateLogger("DeepSync.KeyRing").Log(
                    development ? LogLevel.Information : LogLevel.Warning,
                    "The Data Protection key ring is stored unencrypted in PostgreSQL; set {Setting} (DeepSync__DataProtection__Certificate) to encrypt it at rest",
                    CertificateSetting);
            });
        }

        return builder;
    }

    private static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        var encoded = configuration[CertificateSetting];
        if (string.IsNullOrWhiteSpace(encoded))
        {
            return null;
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(encoded.Trim()), configuration[CertificatePasswordSetting]);
            return certificate.HasPrivateKey
                ? certificate
                : throw new StartupException($"{CertificateSetting} (DeepSync__DataProtection__Certificate) holds no private key.");
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new StartupException($"{CertificateSetting} (DeepSync__DataProtection__Certificate) is not a base64 PKCS#12 certificate that {CertificatePasswordSetting} opens: {ex.Message}");
        }
    }
}

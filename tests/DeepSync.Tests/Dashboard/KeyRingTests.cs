using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
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

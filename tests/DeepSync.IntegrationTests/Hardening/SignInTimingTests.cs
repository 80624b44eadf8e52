using System.Net;
using DeepSync.Tests.Dashboard;
using DeepSync.Tests.Support;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Hardening;

/// <summary>
/// Sign-in does the same work whether or not an address has an account, so the answer's timing does
/// not tell. Measured as work (password hash verifications), not wall-clock time.
/// </summary>
public sealed class SignInTimingTests : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();
    private WebApplicationFactory<Program> _factory = null!;

    /// <summary>The real hasher, counting how often it verifies a password.</summary>
    private sealed class CountingHasher : IPasswordHasher<DeepSyncUser>
    {
        private readonly PasswordHasher<DeepSyncUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(DeepSyncUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(DeepSyncUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.NewDatabaseAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("DeepSync:Database:ConnectionString", connectionString);
            web.UseSetting("DeepSync:Cluster:ClusterId", $"timing-{Guid.NewGuid():N}");
            web.UseSetting("DeepSync:Cluster:SiloPort", SiloHosts.FreePort().ToString());
            web.UseSetting("DeepSync:Cluster:GatewayPort", SiloHosts.FreePort().ToString());
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            web.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<DeepSyncUser>>(_hasher));
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private string BaseUrl => _factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private async Task<int> VerificationsForAsync(string email, string password)
    {
        using var client = SignedInClient.Anonymous(BaseUrl);
        var before = _hasher.Verifications;
        var response = await client.TrySignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return _hasher.Verifications - before;
    }

    [Fact]
    public async Task Unknown_addresses_cost_a_password_verification_like_known_ones()
    {
        var known = $"known-{Guid.NewGuid():N}"[..18] + "@example.test";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeepSyncUser>>();
            Assert.True((await users.CreateAsync(new DeepSyncUser { Id = Guid.NewGuid(), UserName = known, Email = known, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow }, DashboardApp.Password)).Succeeded);
        }

        var wrongPassword = await VerificationsForAsync(known, "Not-the-Passw0rd");
        var unknown = await VerificationsForAsync($"ghost-{Guid.NewGuid():N}"[..18] + "@example.test", "Not-the-Passw0rd");
        Assert.Equal(1, wrongPassword);
        Assert.Equal(wrongPassword, unknown);

        // Locked out after repeated failures: the answer still costs one verification.
        for (var i = 0; i < 5; i++)
        {
            await VerificationsForAsync(known, "Not-the-Passw0rd");
        }

        Assert.Equal(1, await VerificationsForAsync(known, "Not-the-Passw0rd"));
    }
}

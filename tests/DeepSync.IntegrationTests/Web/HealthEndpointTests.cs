using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DeepSync.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeepSync.Tests.Web;

public sealed class HealthEndpointTests
{
    private static WebApplicationFactory<Program> WebHost(string connectionString) => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseSetting("DeepSync:Database:ConnectionString", connectionString);
        web.UseSetting("DeepSync:Cluster:ClusterId", $"web-{Guid.NewGuid():N}");
        web.UseSetting("DeepSync:Cluster:SiloPort", SiloHosts.FreePort().ToString());
        web.UseSetting("DeepSync:Cluster:GatewayPort", SiloHosts.FreePort().ToString());
    });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, body);
    }

    [Fact]
    public async Task Ready_turns_red_when_the_database_is_lost_and_green_again_when_it_returns()
    {
        var (server, root) = await TestPostgres.StartPrivateServerAsync();
        try
        {
            await using var factory = WebHost(server.ConnectionString);
            var client = factory.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            var (status, body) = await ReadyAsync(client);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());

            await server.StopAsync();
            (status, body) = await ReadyAsync(client);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

            await server.RestartAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            do
            {
                (status, _) = await ReadyAsync(client);
                if (status == HttpStatusCode.OK)
                {
                    break;
                }

                await Task.Delay(250);
            }
            while (DateTime.UtcNow < deadline);

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            await server.StopAsync();
            TestPostgres.DeleteRoot(root);
        }
    }

    [Fact]
    public async Task The_web_host_exits_non_zero_with_one_line_when_the_database_is_unreachable()
    {
        var port = SiloHosts.FreePort();
        var (exitCode, stderr, stdout) = await RunWebHostAsync(new()
        {
            ["DeepSync__Database__ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=deepsync;Username=app;Password=hunter2;Timeout=3",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr);
        Assert.StartsWith($"DeepSync cannot start: Cannot reach PostgreSQL at 127.0.0.1:{port}/deepsync:", line);
        Assert.DoesNotContain("hunter2", string.Join('\n', stderr) + stdout);
    }

    [Fact]
    public async Task Invalid_cluster_settings_stop_start_up_with_the_setting_named()
    {
        var (exitCode, stderr, _) = await RunWebHostAsync(new()
        {
            ["DeepSync__Database__ConnectionString"] = await TestPostgres.NewDatabaseAsync(),
            ["DeepSync__Cluster__SiloPort"] = "70000",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr);
        Assert.Equal("DeepSync cannot start: DeepSync:Cluster:SiloPort (DeepSync__Cluster__SiloPort) must be a port number between 1 and 65535, not 70000.", line);
    }

    [Fact]
    public async Task Outside_development_start_up_needs_the_public_base_url()
    {
        var (exitCode, stderr, _) = await RunWebHostAsync(new()
        {
            ["DeepSync__Database__ConnectionString"] = await TestPostgres.NewDatabaseAsync(),
            ["DeepSync__Web__PublicBaseUrl"] = string.Empty,
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr);
        Assert.Equal("DeepSync cannot start: DeepSync:Web:PublicBaseUrl (DeepSync__Web__PublicBaseUrl) is required outside Development: the address people open DeepSync at, e.g. https://deepsync.example.com; e-mailed links are built from it.", line);
    }

    private static async Task<(int ExitCode, string[] Stderr, string Stdout)> RunWebHostAsync(Dictionary<string, string> environment)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "DeepSync.Web.dll");
        var info = new ProcessStartInfo("dotnet", [web, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["DeepSync__Web__PublicBaseUrl"] = "https://deepsync.example";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stdout);
    }
}

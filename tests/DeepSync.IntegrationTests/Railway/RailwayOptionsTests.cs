using DeepSync.Hosting;
using DeepSync.Silo.Hosting.Railway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeepSync.Tests.Railway;

/// <summary>What an operator sees when the Railway settings are missing or wrong: start-up stops and names each setting.</summary>
public sealed class RailwayOptionsTests
{
    private static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{RailwayOptions.Section}:{s.Key}", s.Value)));
        builder.Services.AddRailwayNodeHost(builder.Configuration);
        return builder.Build();
    }

    private static async Task<IReadOnlyList<string>> StartUpFailuresAsync(IDictionary<string, string?> settings)
    {
        using var host = Build(settings);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        return error.Failures.ToList();
    }

    [Fact]
    public async Task Missing_settings_stop_start_up_naming_each_setting_and_its_environment_variable()
    {
        var failures = await StartUpFailuresAsync(new Dictionary<string, string?> { ["Token"] = "rw-some-token" });

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("DeepSync:Railway:ProjectId (DeepSync__Railway__ProjectId) must be set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DeepSync:Railway:EnvironmentId (DeepSync__Railway__EnvironmentId) must be set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DeepSync:Railway:Image (DeepSync__Railway__Image) must name the omni-node container image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_token_is_named_by_its_environment_variable()
    {
        var failures = await StartUpFailuresAsync(new Dictionary<string, string?> { ["ProjectId"] = "p", ["EnvironmentId"] = "e", ["Image"] = "img:1" });

        Assert.Equal(["DeepSync:Railway:Token (DeepSync__Railway__Token) must be set to a Railway workspace or account token."], failures);
    }

    [Fact]
    public async Task Wrong_values_are_explained_and_the_token_is_never_echoed()
    {
        const string token = "rw-5e3c-secret-value";
        var failures = await StartUpFailuresAsync(new Dictionary<string, string?>
        {
            ["Token"] = $"Bearer {token}",
            ["ProjectId"] = "p",
            ["EnvironmentId"] = "e",
            ["Image"] = "img:1",
            ["Endpoint"] = "backboard.railway.com/graphql/v2",
            ["RequestTimeout"] = "00:01:00",
            ["TotalTimeout"] = "00:00:30",
            ["MaxRetries"] = "0",
            ["CircuitMinimumThroughput"] = "1",
        });

        Assert.Contains(failures, f => f.Contains("DeepSync__Railway__Token) must be the bare token, without the 'Bearer ' prefix", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeepSync__Railway__Endpoint) must be an absolute http(s) URL, not 'backboard.railway.com/graphql/v2'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeepSync__Railway__TotalTimeout) (00:00:30) must be longer than DeepSync:Railway:RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeepSync__Railway__MaxRetries) must be between 1 and 10, not 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeepSync__Railway__CircuitMinimumThroughput) must be at least 2, not 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeepSync__Railway__CircuitSamplingDuration) (00:01:00) must be at least twice", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_settings_start_and_make_Railway_the_node_host()
    {
        await using var fake = await FakeRailway.StartAsync();
        using var host = Build(RailwayTestHost.Settings(fake));

        await host.StartAsync();
        var nodeHost = host.Services.GetRequiredService<INodeHost>();
        await host.StopAsync();

        Assert.IsType<RailwayNodeHost>(nodeHost);
        Assert.Equal("railway", nodeHost.Name);
    }

    [Theory]
    [InlineData("rw-token", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void Railway_is_selected_exactly_when_a_token_is_configured(string? token, bool selected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DeepSync:Railway:Token"] = token, ["DeepSync:Railway:ProjectId"] = "p" })
            .Build();

        Assert.Equal(selected, RailwayOptions.IsConfigured(configuration));
    }
}

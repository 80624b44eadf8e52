using DeepSync.Agents;
using DeepSync.Silo.Agents;
using DeepSync.Silo.Agents.Letta;
using DeepSync.Silo.Agents.Offline;
using DeepSync.Silo.Agents.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeepSync.Tests.Agents;

/// <summary>Which runtime <see cref="AgentRuntimeServiceCollectionExtensions.AddAgentRuntime"/> picks, and how bad settings stop start-up.</summary>
public sealed class AgentRuntimeSelectionTests
{
    private const string Secret = "sk-let-9f8e7d6c5b4a";

    [Theory]
    [InlineData("DeepSync:Letta:ApiKey", Secret, typeof(LettaAgentRuntime), "letta")]
    [InlineData("DeepSync:Letta:BaseUrl", "http://letta.internal:8283", typeof(LettaAgentRuntime), "letta")]
    [InlineData("DeepSync:OpenAICompatible:BaseUrl", "http://node-1.internal:8283/v1", typeof(OpenAICompatibleAgentRuntime), "openai-compatible")]
    [InlineData(null, null, typeof(OfflineAgentRuntime), "offline")]
    public void The_runtime_follows_the_configuration(string? key, string? value, Type expected, string name)
    {
        var settings = new Dictionary<string, string?> { ["DeepSync:OpenAICompatible:AgentId"] = "agent-1" };
        if (key is not null)
        {
            settings[key] = value;
        }

        using var host = AgentRuntimeHost.Create(settings);

        Assert.IsType(expected, host.Runtime);
        Assert.Equal(name, host.Runtime.Name);
    }

    [Fact]
    public void Letta_wins_when_both_runtimes_are_configured()
    {
        using var host = AgentRuntimeHost.Create(new Dictionary<string, string?>
        {
            ["DeepSync:Letta:ApiKey"] = Secret,
            ["DeepSync:OpenAICompatible:BaseUrl"] = "http://node-1.internal:8283/v1",
            ["DeepSync:OpenAICompatible:AgentId"] = "agent-1",
        });

        Assert.IsType<LettaAgentRuntime>(host.Runtime);
    }

    [Fact]
    public async Task Bad_Letta_settings_stop_start_up_naming_each_setting_without_showing_the_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new Dictionary<string, string?>
        {
            ["DeepSync:Letta:ApiKey"] = Secret + " ",
            ["DeepSync:Letta:BaseUrl"] = "letta.internal",
            ["DeepSync:Letta:Model"] = "gpt-4o-mini",
            ["DeepSync:Letta:RequestTimeout"] = "00:00:00",
            ["DeepSync:Letta:ApprovalDenyAfter"] = "-00:00:01",
        }));

        foreach (var setting in new[] { "BaseUrl", "ApiKey", "Model", "RequestTimeout", "ApprovalDenyAfter" })
        {
            Assert.Contains($"DeepSync__Letta__{setting}", error.Message);
        }

        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public async Task Letta_Cloud_without_a_key_stops_start_up_naming_the_variable_to_set()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new Dictionary<string, string?>
        {
            ["DeepSync:Letta:BaseUrl"] = "https://api.letta.com",
        }));

        Assert.Contains("DeepSync__Letta__ApiKey", error.Message);
    }

    [Fact]
    public async Task An_OpenAI_compatible_server_without_an_agent_stops_start_up_naming_the_variable_to_set()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new Dictionary<string, string?>
        {
            ["DeepSync:OpenAICompatible:BaseUrl"] = "http://node-1.internal:8283/v1",
        }));

        Assert.Contains("DeepSync__OpenAICompatible__AgentId", error.Message);
    }

    [Fact]
    public async Task A_valid_configuration_starts()
    {
        await StartAsync(new Dictionary<string, string?>
        {
            ["DeepSync:Letta:ApiKey"] = Secret,
            ["DeepSync:Letta:RequestTimeout"] = "00:00:45",
            ["DeepSync:Letta:ApprovalDenyAfter"] = "00:02:00",
        });
    }

    /// <summary>Starts a host the way the silo does, so ValidateOnStart runs.</summary>
    private static async Task StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAgentRuntime(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        _ = host.Services.GetRequiredService<IAgentRuntime>();
        await host.StopAsync();
    }
}

using DeepSync.Agents;
using DeepSync.Silo.Agents.Letta;
using DeepSync.Silo.Agents.Offline;
using DeepSync.Silo.Agents.OpenAICompatible;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeepSync.Silo.Agents;

/// <summary>Registers the <see cref="IAgentRuntime"/> that the configuration asks for.</summary>
public static class AgentRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Letta when <c>DeepSync:Letta:ApiKey</c> or <c>DeepSync:Letta:BaseUrl</c> is set; otherwise an
    /// OpenAI-compatible server when <c>DeepSync:OpenAICompatible:BaseUrl</c> is set; otherwise the
    /// offline runtime, so that a fresh checkout runs without any key. The chosen runtime's options
    /// are validated at start-up.
    /// </summary>
    public static IServiceCollection AddAgentRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        var letta = configuration.GetSection(LettaOptions.Section);
        if (IsSet(letta, nameof(LettaOptions.ApiKey)) || IsSet(letta, nameof(LettaOptions.BaseUrl)))
        {
            return services.AddLettaRuntime(letta);
        }

        var openAi = configuration.GetSection(OpenAICompatibleOptions.Section);
        if (IsSet(openAi, nameof(OpenAICompatibleOptions.BaseUrl)))
        {
            return services.AddOpenAICompatibleRuntime(openAi);
        }

        services.AddSingleton<OfflineAgentRuntime>();
        services.AddSingleton<IAgentRuntime>(sp => sp.GetRequiredService<OfflineAgentRuntime>());
        return services;
    }

    // Every client drops HttpClientFactory's default loggers: at Trace they carry request headers, the
    // API key among them, in their structured state even when the text is redacted.
    private static IServiceCollection AddLettaRuntime(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddSingleton<IValidateOptions<LettaOptions>, LettaOptionsValidator>();
        services.AddOptions<LettaOptions>().Bind(section).ValidateOnStart();

        services.AddHttpClient(LettaAgentRuntime.ApiClientName, (sp, http) => ConfigureLettaClient(sp, http))
            .RemoveAllLoggers()
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) =>
            {
                var letta = TimingsOf(sp);

                // Only safe methods are retried: a replayed POST would create a second agent,
                // conversation or passage when the first attempt reached the server after all.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(500);
                resilience.AttemptTimeout.Timeout = letta.RequestTimeout;
                resilience.TotalRequestTimeout.Timeout = letta.RequestTimeout * 3 + TimeSpan.FromSeconds(3);

                // The breaker's window must span at least two attempts (a rule the options enforce).
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, letta.RequestTimeout.Ticks * 2));
            });

        services.AddHttpClient(LettaAgentRuntime.StreamClientName, (sp, http) => ConfigureLettaClient(sp, http))
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = TimingsOf(sp).RequestTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        services.AddSingleton(sp => new LettaAgentRuntime(
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IOptions<LettaOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<LettaAgentRuntime>>()));
        services.AddSingleton<IAgentRuntime>(sp => sp.GetRequiredService<LettaAgentRuntime>());
        return services;
    }

    /// <summary>
    /// The Letta timings for the HTTP pipeline. The resilience options are validated at start-up too,
    /// and reading invalid Letta options there would report every Letta mistake twice; defaults stand
    /// in, while the Letta options' own validation stops start-up with one clear message.
    /// </summary>
    private static LettaOptions TimingsOf(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<LettaOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            return new LettaOptions();
        }
    }

    private static void ConfigureLettaClient(IServiceProvider services, HttpClient http)
    {
        var letta = services.GetRequiredService<IOptions<LettaOptions>>().Value;
        http.BaseAddress = letta.EffectiveBaseUrl;

        // Timeouts are the resilience handler's (calls) and the stream reader's (silence) business.
        http.Timeout = Timeout.InfiniteTimeSpan;
        if (!string.IsNullOrEmpty(letta.ApiKey))
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", letta.ApiKey);
        }
    }

    private static IServiceCollection AddOpenAICompatibleRuntime(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddSingleton<IValidateOptions<OpenAICompatibleOptions>, OpenAICompatibleOptionsValidator>();
        services.AddOptions<OpenAICompatibleOptions>().Bind(section).ValidateOnStart();

        // No resilience handler: a chat completion posts a message into a stateful agent, and a
        // replay could make it hear the message twice. Timeouts are set on the OpenAI pipeline.
        services.AddHttpClient(OpenAICompatibleAgentRuntime.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddSingleton<OpenAICompatibleAgentRuntime>();
        services.AddSingleton<IAgentRuntime>(sp => sp.GetRequiredService<OpenAICompatibleAgentRuntime>());
        return services;
    }

    private static bool IsSet(IConfigurationSection section, string key) => !string.IsNullOrWhiteSpace(section[key]);
}

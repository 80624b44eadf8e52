using DeepSync.Agents;
using DeepSync.Silo.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeepSync.Tests.Agents;

/// <summary>An agent runtime wired exactly as production wires it (<see cref="AgentRuntimeServiceCollectionExtensions.AddAgentRuntime"/>) from the given settings.</summary>
public sealed class AgentRuntimeHost : IDisposable
{
    private readonly ServiceProvider _services;

    private AgentRuntimeHost(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<IAgentRuntime>();
    }

    public IAgentRuntime Runtime { get; }

    /// <summary>The runtime as its concrete type, for the adapter's internal steps.</summary>
    public T As<T>()
        where T : class => Runtime as T ?? throw new InvalidOperationException($"The configured runtime is {Runtime.GetType().Name}, not {typeof(T).Name}.");

    /// <summary>Settings are full configuration keys, e.g. <c>DeepSync:Letta:BaseUrl</c>.</summary>
    public static AgentRuntimeHost Create(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddAgentRuntime(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new AgentRuntimeHost(services);
    }

    /// <summary>A Letta runtime on <paramref name="baseUrl"/> with the given key and timings.</summary>
    public static AgentRuntimeHost Letta(Uri baseUrl, string? apiKey, TimeSpan? requestTimeout = null, TimeSpan? approvalDenyAfter = null) => Create(new Dictionary<string, string?>
    {
        ["DeepSync:Letta:BaseUrl"] = baseUrl.ToString(),
        ["DeepSync:Letta:ApiKey"] = apiKey,
        ["DeepSync:Letta:Model"] = "openai/gpt-4o-mini",
        ["DeepSync:Letta:Embedding"] = "openai/text-embedding-3-small",
        // Long enough that a loaded 2-core machine answers in time, short enough for the hang tests.
        ["DeepSync:Letta:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(5)).ToString("c"),
        ["DeepSync:Letta:ApprovalDenyAfter"] = (approvalDenyAfter ?? TimeSpan.FromMilliseconds(300)).ToString("c"),
    });

    public void Dispose() => _services.Dispose();
}

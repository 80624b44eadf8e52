using System.Text.Json;
using DeepSync.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>
/// Runs each node as a Railway service built from the omni-node image, in the configured project and
/// environment, through Railway's public GraphQL API.
/// </summary>
public sealed class RailwayNodeHost(RailwayGraphQLClient railway, IOptions<RailwayOptions> options, ILogger<RailwayNodeHost> logger) : INodeHost
{
    // 100 services a page: 50 pages is far beyond any project DeepSync runs in, and bounds a runaway cursor.
    private const int MaxServicePages = 50;

    public string Name => "railway";

    public async Task<string> CreateServiceAsync(Guid nodeId, string serviceName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var o = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            // Looking first is what makes a repeated call (after a lost answer) create nothing twice.
            if (await FindServiceAsync(s => s.Name == serviceName, cancellationToken) is { } existing)
            {
                RailwayLog.ServiceFound(logger, existing.Id, serviceName, nodeId);
                return existing.Id;
            }

            try
            {
                var input = new { projectId = o.ProjectId, environmentId = o.EnvironmentId, name = serviceName, source = new { image = o.Image } };
                var data = await railway.SendAsync(nameof(RailwayDocuments.ServiceCreate), RailwayDocuments.ServiceCreate, new { input }, repeatable: false, cancellationToken);
                var id = ReadString(data, nameof(RailwayDocuments.ServiceCreate), "serviceCreate", "id");
                RailwayLog.ServiceCreated(logger, id, serviceName, nodeId);
                return id;
            }
            catch (NodeHostException e) when (e.Transient && e.InnerException is not BrokenCircuitException && attempt <= o.MaxRetries)
            {
                // A timeout or 5xx may come after Railway created the service, so the next round looks before creating.
                RailwayLog.CreateOutcomeUnknown(logger, serviceName, nodeId, attempt);
                await Task.Delay(Backoff(o.RetryBaseDelay, attempt), cancellationToken);
            }
            catch (NodeHostException e) when (!e.Transient)
            {
                // An earlier create whose answer was lost may have won meanwhile: that service is the one asked for.
                if (await FindServiceAsync(s => s.Name == serviceName, cancellationToken) is { } winner)
                {
                    RailwayLog.ServiceFound(logger, winner.Id, serviceName, nodeId);
                    return winner.Id;
                }

                throw;
            }
        }
    }

    public async Task SetVariablesAsync(string serviceId, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentNullException.ThrowIfNull(variables);
        if (variables.Count == 0)
        {
            return;
        }

        var o = options.Value;
        var merged = new Dictionary<string, string>(o.NodeVariables, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            merged[name] = value;
        }

        // skipDeploys: without it Railway starts a deployment of its own here, racing the one DeployAsync starts.
        var input = new { projectId = o.ProjectId, environmentId = o.EnvironmentId, serviceId, variables = merged, skipDeploys = true };
        var data = await railway.SendAsync(nameof(RailwayDocuments.VariableCollectionUpsert), RailwayDocuments.VariableCollectionUpsert, new { input }, cancellationToken: cancellationToken);
        RequireTrue(data, nameof(RailwayDocuments.VariableCollectionUpsert), "variableCollectionUpsert");
        RailwayLog.VariablesSet(logger, merged.Count, serviceId);
    }

    public async Task<string> DeployAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        // Retried like any call: if an attempt whose answer was lost did deploy, the later deployment
        // supersedes it on Railway and its id is the one returned.
        var data = await railway.SendAsync(
            nameof(RailwayDocuments.ServiceInstanceDeployV2),
            RailwayDocuments.ServiceInstanceDeployV2,
            new { serviceId, environmentId = options.Value.EnvironmentId },
            cancellationToken: cancellationToken);
        var deploymentId = ReadString(data, nameof(RailwayDocuments.ServiceInstanceDeployV2), "serviceInstanceDeployV2");
        RailwayLog.Deployed(logger, deploymentId, serviceId);
        return deploymentId;
    }

    public async Task<DeploymentStatus> GetDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        var data = await railway.SendAsync(nameof(RailwayDocuments.Deployment), RailwayDocuments.Deployment, new { id = deploymentId }, cancellationToken: cancellationToken);
        var platformStatus = ReadString(data, nameof(RailwayDocuments.Deployment), "deployment", "status");
        if (!RailwayDeploymentStatuses.IsKnown(platformStatus))
        {
            RailwayLog.UnknownStatus(logger, deploymentId, platformStatus);
        }

        RailwayLog.DeploymentRead(logger, deploymentId, platformStatus);
        return RailwayDeploymentStatuses.ToStatus(platformStatus);
    }

    public async Task StopDeploymentAsync(string deploymentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        try
        {
            var data = await railway.SendAsync(nameof(RailwayDocuments.DeploymentStop), RailwayDocuments.DeploymentStop, new { id = deploymentId }, cancellationToken: cancellationToken);
            RequireTrue(data, nameof(RailwayDocuments.DeploymentStop), "deploymentStop");
            RailwayLog.StopRequested(logger, deploymentId);
        }
        catch (NodeHostException e) when (!e.Transient)
        {
            // Railway refuses to stop a deployment that has already ended (or a retry of a stop that landed).
            // The caller wants nothing running, so an ended deployment is success, not an error to retry forever.
            var status = await GetDeploymentAsync(deploymentId, cancellationToken);
            if (status.Phase != DeploymentPhase.Stopped)
            {
                throw;
            }

            RailwayLog.AlreadyStopped(logger, deploymentId, status.PlatformStatus);
        }
    }

    public async Task SetReplicasAsync(string serviceId, int replicas, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var data = await railway.SendAsync(
            nameof(RailwayDocuments.ServiceInstanceUpdate),
            RailwayDocuments.ServiceInstanceUpdate,
            new { serviceId, environmentId = options.Value.EnvironmentId, input = new { numReplicas = replicas } },
            cancellationToken: cancellationToken);
        RequireTrue(data, nameof(RailwayDocuments.ServiceInstanceUpdate), "serviceInstanceUpdate");
        RailwayLog.ReplicasSet(logger, serviceId, replicas);
    }

    public async Task DeleteServiceAsync(string serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        try
        {
            var data = await railway.SendAsync(nameof(RailwayDocuments.ServiceDelete), RailwayDocuments.ServiceDelete, new { id = serviceId }, cancellationToken: cancellationToken);
            RequireTrue(data, nameof(RailwayDocuments.ServiceDelete), "serviceDelete");
            RailwayLog.ServiceDeleted(logger, serviceId);
        }
        catch (NodeHostException e) when (!e.Transient)
        {
            // Deleting is asked for until it is confirmed; a service that is already gone is the wanted outcome.
            if (await FindServiceAsync(s => s.Id == serviceId, cancellationToken) is not null)
            {
                throw;
            }

            RailwayLog.AlreadyDeleted(logger, serviceId);
        }
    }

    private async Task<ServiceRef?> FindServiceAsync(Func<ServiceRef, bool> match, CancellationToken cancellationToken)
    {
        var projectId = options.Value.ProjectId;
        string? after = null;
        for (var page = 0; page < MaxServicePages; page++)
        {
            var data = await railway.SendAsync(nameof(RailwayDocuments.ProjectServices), RailwayDocuments.ProjectServices, new { projectId, after }, cancellationToken: cancellationToken);
            try
            {
                var services = data.GetProperty("project").GetProperty("services");
                foreach (var edge in services.GetProperty("edges").EnumerateArray())
                {
                    var node = edge.GetProperty("node");
                    var service = new ServiceRef(node.GetProperty("id").GetString()!, node.GetProperty("name").GetString()!);
                    var deleted = node.TryGetProperty("deletedAt", out var deletedAt) && deletedAt.ValueKind == JsonValueKind.String;
                    if (!deleted && match(service))
                    {
                        return service;
                    }
                }

                var pageInfo = services.GetProperty("pageInfo");
                if (!pageInfo.GetProperty("hasNextPage").GetBoolean() || pageInfo.GetProperty("endCursor").GetString() is not { } cursor)
                {
                    return null;
                }

                after = cursor;
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
            {
                throw Unexpected(nameof(RailwayDocuments.ProjectServices), "project.services", e);
            }
        }

        return null;
    }

    private static string ReadString(JsonElement data, string operation, params string[] path)
    {
        var value = data;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                throw Unexpected(operation, string.Join('.', path));
            }
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Unexpected(operation, string.Join('.', path));
    }

    private static void RequireTrue(JsonElement data, string operation, string field)
    {
        if (!data.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.True)
        {
            throw new NodeHostException($"Railway refused {operation}: it answered {field} = {(value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText())}.", transient: false);
        }
    }

    private static NodeHostException Unexpected(string operation, string field, Exception? inner = null) =>
        new($"Railway's answer to {operation} lacked {field}; the API may have changed.", transient: false, inner);

    /// <summary>Exponential backoff with ±20 % jitter, so silos retrying together do not arrive together.</summary>
    private static TimeSpan Backoff(TimeSpan baseDelay, int attempt) =>
        baseDelay * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));

    /// <summary>A service as listed in the project.</summary>
    private sealed record ServiceRef(string Id, string Name);
}

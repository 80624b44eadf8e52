using Microsoft.Extensions.Logging;

namespace DeepSync.Silo.Hosting.Railway;

/// <summary>What the Railway adapter logs. Ids and counts only: never the token, never variable values.</summary>
internal static partial class RailwayLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Railway service {ServiceId} ({ServiceName}) already exists for node {NodeId}; reusing it")]
    public static partial void ServiceFound(ILogger logger, string serviceId, string serviceName, Guid nodeId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Created Railway service {ServiceId} ({ServiceName}) for node {NodeId}")]
    public static partial void ServiceCreated(ILogger logger, string serviceId, string serviceName, Guid nodeId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Creating Railway service {ServiceName} for node {NodeId} ended without an answer (attempt {Attempt}); looking for it before trying again")]
    public static partial void CreateOutcomeUnknown(ILogger logger, string serviceName, Guid nodeId, int attempt);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Set {Count} variables on Railway service {ServiceId}")]
    public static partial void VariablesSet(ILogger logger, int count, string serviceId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Started Railway deployment {DeploymentId} of service {ServiceId}")]
    public static partial void Deployed(ILogger logger, string deploymentId, string serviceId);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Railway deployment {DeploymentId} is {PlatformStatus}")]
    public static partial void DeploymentRead(ILogger logger, string deploymentId, string platformStatus);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Asked Railway to stop deployment {DeploymentId}")]
    public static partial void StopRequested(ILogger logger, string deploymentId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Railway deployment {DeploymentId} was already {PlatformStatus}; nothing to stop")]
    public static partial void AlreadyStopped(ILogger logger, string deploymentId, string platformStatus);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Set Railway service {ServiceId} to {Replicas} replicas")]
    public static partial void ReplicasSet(ILogger logger, string serviceId, int replicas);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "Deleted Railway service {ServiceId}")]
    public static partial void ServiceDeleted(ILogger logger, string serviceId);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Railway service {ServiceId} was already gone; nothing to delete")]
    public static partial void AlreadyDeleted(ILogger logger, string serviceId);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Railway {Operation} failed (transient: {Transient}): {Reason}")]
    public static partial void CallFailed(ILogger logger, string operation, bool transient, string reason);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "Railway reported deployment {DeploymentId} in an unrecognised status {PlatformStatus}")]
    public static partial void UnknownStatus(ILogger logger, string deploymentId, string platformStatus);
}

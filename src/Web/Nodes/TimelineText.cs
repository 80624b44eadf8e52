using DeepSync.Governance;

namespace DeepSync.Web.Nodes;

/// <summary>The steps of a teammate's life in its owner's terms; the host's own words stay in the technical details.</summary>
public static class TimelineText
{
    /// <summary>The title of an event: a lifecycle step (<c>agent_ready</c>) or a ledger action (<c>node_suspended</c>).</summary>
    public static string Title(string step) => step switch
    {
        "launch_requested" => "Launch started",
        "service_created" => "Workspace set up",
        "variables_set" => "Settings applied",
        "deployment_created" => "Container requested",
        "deployment_building" => "Building its container",
        "deployment_deploying" or "deployment_initializing" => "Starting its container",
        "deployment_success" => "Container running",
        _ when step.StartsWith("deployment_", StringComparison.Ordinal) => "Starting up",
        "agent_ready" => "Ready to chat",
        "stop_requested" => "Stopping",
        "stopped" => "Stopped",
        "sleeping" => "Asleep",
        "waking_up" => "Waking up",
        "scaled_up" => "Container back up",
        "awake" => "Awake",
        "failed" => "Could not start",
        "updated" => "Updated",
        AuditAction.NodeStopped => "Stop requested",
        AuditAction.AgentRunCancelled => "Reply cancelled",
        AuditAction.CredentialRevoked => "Access key revoked",
        AuditAction.ContainerStopRequested => "Stopping",
        AuditAction.ContainerStopped => "Stopped",
        AuditAction.MemoryBlockEdited => "Memory edited",
        AuditAction.ArchivalAdded => "Memory passage added",
        AuditAction.ArchivalDeleted => "Memory passage removed",
        _ => NodeText.Action(step),
    };

    /// <summary>What a person can read about an entry, from the ledger details that are theirs (names, reasons); null when nothing.</summary>
    public static string? Detail(string action, IReadOnlyDictionary<string, string> details)
    {
        string? Value(string key) => details.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        return action switch
        {
            AuditAction.NodeCreated when Value("name") is { } name => $"Named “{name}”",
            AuditAction.NodeRenamed when Value("from_name") is { } from && Value("to_name") is { } to => $"“{from}” is now “{to}”",
            AuditAction.NodeSuspended when Value("detail") is { } reason => $"“{reason}”",
            AuditAction.NodeSleeping when Value("cause") == "idle" => "After a quiet spell; the next message wakes it",
            AuditAction.NodeFailed => "Launch it again; if it keeps failing, an operator can see what went wrong.",
            AuditAction.MemoryBlockEdited when Value("label") is { } label => $"“{label}”",
            AuditAction.VoiceMinutesGranted when Value("minutes") is { } minutes => $"{minutes} minutes",
            _ => null,
        };
    }

    /// <summary>Everything recorded, as operators read it (<c>deployment id: …</c>); null when nothing.</summary>
    public static string? Technical(IReadOnlyDictionary<string, string> details, bool dropStep)
    {
        var parts = details
            .Where(d => !string.IsNullOrWhiteSpace(d.Value) && !(dropStep && d.Key == "step"))
            .Select(d => $"{d.Key.Replace('_', ' ')}: {d.Value}")
            .ToList();
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    /// <summary>Who did it, as the owner reads it: people by name, operators as such, the platform not at all.</summary>
    public static string Who(ActorKind kind, string name) => kind switch
    {
        ActorKind.User => name,
        ActorKind.Operator => "an operator",
        ActorKind.Policy => "security policy",
        _ => string.Empty,
    };
}

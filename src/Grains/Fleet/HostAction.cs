namespace DeepSync.Fleet;

/// <summary>The next thing the lifecycle machine wants done, decided from the facts alone.</summary>
public enum HostAction
{
    /// <summary>Nothing to do until something changes (no transition, or waiting on the host or a suspension).</summary>
    Wait = 0,
    CreateService,
    SetVariables,
    Deploy,
    ReadDeployment,
    EnsureAgent,

    /// <summary>Nothing is deployed: the stop completes without calling the host.</summary>
    FinishStop,
    RequestStop,
    ReadStop,

    /// <summary>The wake can no longer succeed (suspended, or nothing deployed): end it without calling the host.</summary>
    AbandonWake,
    ScaleUp,
    ReadWake,
}

namespace DeepSync.Fleet;

/// <summary>The transition a node is driving its host through, if any. Persisted so a restart resumes it.</summary>
public enum NodeOperation
{
    None = 0,
    Provision = 1,
    Stop = 2,
    Wake = 3,
}

namespace DeepSync.Conversations;

/// <summary>Who wrote a transcript line.</summary>
public enum TranscriptRole
{
    /// <summary>A person (or a script) talking to the teammate.</summary>
    User = 0,
    /// <summary>The teammate's agent.</summary>
    Assistant = 1,
}

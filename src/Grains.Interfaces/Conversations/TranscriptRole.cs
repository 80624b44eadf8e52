namespace DeepSync.Conversations;

/// <summary>Who wrote a transcript line.</summary>
public enum TranscriptRole
{
    User = 0,
    Assistant = 1,
}

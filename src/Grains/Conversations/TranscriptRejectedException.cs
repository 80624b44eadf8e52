namespace DeepSync.Conversations;

/// <summary>
/// The transcript store refused lines for good (their content can never be stored, e.g. a character the
/// database cannot hold). Retrying the same lines cannot succeed, unlike an outage, which the store
/// reports with any other exception.
/// </summary>
public sealed class TranscriptRejectedException(string message, Exception? inner = null) : Exception(message, inner);

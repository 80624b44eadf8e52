namespace DeepSync.Silo.Database;

/// <summary>A start-up failure with one line for the operator (no stack trace needed to act on it).</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

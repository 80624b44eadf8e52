using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeepSync.Tests.Railway;

/// <summary>Keeps every log entry (message, state values, scopes, exception) at every level, for tests to search.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every entry as one text: category, level, message, state values, scopes and the exception.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        private readonly AsyncLocal<ScopeNode?> _scope = new();

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var parent = _scope.Value;
            _scope.Value = new ScopeNode(Render(state), parent);
            return new Scope(() => _scope.Value = parent);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var open = new List<string>();
            for (var node = _scope.Value; node is not null; node = node.Parent)
            {
                open.Add(node.Text);
            }

            var scopes = open.Count > 0 ? $" scopes[{string.Join(" / ", open)}]" : "";
            entries.Enqueue($"{category} {logLevel}: {formatter(state, exception)} state[{Render(state)}]{scopes} {exception}");
        }

        private static string Render(object? state) => state switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(", ", pairs.Select(p => $"{p.Key}={Value(p.Value)}")),
            _ => state?.ToString() ?? "",
        };

        private static string Value(object? value) => value switch
        {
            string text => text,
            System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>()),
            _ => value?.ToString() ?? "",
        };

        private sealed record ScopeNode(string Text, ScopeNode? Parent);

        private sealed class Scope(Action close) : IDisposable
        {
            public void Dispose() => close();
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Junction.Runtime.Tests.Cluster;

/// <summary>A logger that keeps what it is told, for tests that assert what a user would read in the log.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> At(LogLevel level) => [.. _entries.Where(e => e.Level == level)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
}

/// <summary>One log line.</summary>
internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Junction.IntegrationTests.Tcp;

/// <summary>Keeps every log entry of a provider host, so a test can assert on what an operator would read.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Every entry, one a line, for failure messages.</summary>
    public string Describe(Func<Entry, bool>? filter = null)
        => string.Join(Environment.NewLine, Entries.Where(filter ?? (_ => true)).Select(e => e.ToString()));

    internal sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => capture._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
    }
}

using Microsoft.Extensions.Logging;

namespace Portal.Tests.Engine.Messaging.Pipeline;

/// <summary>Diagnosis only: with PORTAL_TEST_LOGDIR set, log lines go to a file there (one per test run).</summary>
public sealed class FileLog<T>(string path) : ILogger<T>
{
    private static readonly object Gate = new();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Gate) File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {typeof(T).Name}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}\n");
    }
}

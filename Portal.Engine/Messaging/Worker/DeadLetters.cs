using System.Text.Json;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>Turning records into dead letters and back.</summary>
public static class DeadLetters
{
    public const int MaximumError = 4000;

    public static DeadLetter From(string handler, LogRecord record, string error, int attempts, DateTime firstFailedAt, DateTime lastFailedAt) => new()
    {
        Handler = handler,
        Topic = record.Topic,
        Partition = record.Partition,
        Offset = record.Offset,
        Key = record.Key,
        EventId = record.Headers.GetValueOrDefault(CloudEventHeaders.Id),
        Type = record.Headers.GetValueOrDefault(CloudEventHeaders.Type),
        Headers = JsonSerializer.Serialize(record.Headers),
        Value = record.Value.ToArray(),
        Timestamp = record.Timestamp.UtcDateTime,
        Error = Truncate(error),
        Attempts = attempts,
        FirstFailedAt = firstFailedAt,
        LastFailedAt = lastFailedAt,
    };

    /// <summary>The record as it was in the log, to hand it to its handler again.</summary>
    public static LogRecord ToRecord(DeadLetter letter) => new(letter.Topic, letter.Partition, letter.Offset, letter.Key, letter.Value,
        JsonSerializer.Deserialize<Dictionary<string, string>>(letter.Headers) ?? [],
        new DateTimeOffset(DateTime.SpecifyKind(letter.Timestamp, DateTimeKind.Utc)));

    /// <summary>A retry failed again: count it and keep the newest error.</summary>
    public static void FailedAgain(DeadLetter letter, string error, DateTime at)
    {
        letter.Error = Truncate(error);
        letter.Attempts++;
        letter.LastFailedAt = at;
        letter.RetryRequestedAt = null;
    }

    public static string Truncate(string error) => error.Length <= MaximumError ? error : error[..(MaximumError - 1)] + "…";
}

using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Messaging.Log.Kafka;

/// <summary>librdkafka's log lines and errors into <see cref="ILogger"/> (transport errors are retried by the client: warnings).</summary>
internal static class KafkaLogging
{
    public static void Log(ILogger logger, Confluent.Kafka.LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {Name} {Facility}: {Message}", message.Name, message.Facility, message.Message);
    }

    public static void Error(ILogger logger, Error error) =>
        logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Warning, "Kafka client error {Code}: {Reason}", error.Code, error.Reason);
}

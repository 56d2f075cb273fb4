using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

/// <summary>
/// The event log contract on Kafka: the loopback mock cluster of scripts/peers/kafka.sh (PORTAL_TEST_KAFKA); every opened
/// log is another client process on the same cluster. Skips without the peer on a developer machine, fails under CI=true.
/// </summary>
public sealed class KafkaEventLogContractTests : EventLogContract
{
    private readonly List<KafkaEventLog> logs = [];

    protected override Task<IEventLog> OpenLogAsync()
    {
        var log = new KafkaEventLog(Options.Create(KafkaPeer.Options(KafkaPeer.Require())));
        logs.Add(log);
        return Task.FromResult<IEventLog>(log);
    }

    public override Task DisposeAsync()
    {
        foreach (var log in logs) log.Dispose();
        return Task.CompletedTask;
    }
}

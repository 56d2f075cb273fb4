using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Engine.Messaging.Log.Kafka;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Worker;

/// <summary>Which event log a worker suite runs on.</summary>
public enum WorkerLog
{
    /// <summary>The embedded log in the suite's own database.</summary>
    Embedded,

    /// <summary>The loopback Kafka-protocol cluster of scripts/peers/kafka.sh (PORTAL_TEST_KAFKA): skips without it on a
    /// developer machine, fails under CI=true. Each test uses fresh topics and group names, so runs never meet old data.</summary>
    Kafka,
}

/// <summary>The logs one test opens, each standing for another process; the Kafka clients are closed with the test.</summary>
public sealed class WorkerLogs(WorkerLog kind) : IDisposable
{
    private readonly List<KafkaEventLog> _kafka = [];

    public async Task<IEventLog> OpenAsync(TestDatabase database)
    {
        if (kind == WorkerLog.Embedded) return await EmbeddedLogs.OpenAsync(database);
        // A short session (6 s) so group joins and rebalances on the mock are quick; topics are made on first use.
        var log = new KafkaEventLog(Options.Create(KafkaPeer.Options(KafkaPeer.Require())));
        lock (_kafka) _kafka.Add(log);
        return log;
    }

    public void Dispose()
    {
        lock (_kafka)
        {
            foreach (var log in _kafka) log.Dispose();
            _kafka.Clear();
        }
    }
}

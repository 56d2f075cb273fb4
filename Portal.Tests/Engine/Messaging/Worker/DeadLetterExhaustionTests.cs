using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Worker;

public sealed class SqliteDeadLetterExhaustionTests() : DeadLetterExhaustionTests(DatabaseOptions.Sqlite);

public sealed class PostgresDeadLetterExhaustionTests() : DeadLetterExhaustionTests(DatabaseOptions.Postgres);

/// <summary>Regressions: no record dropped when a partition's retries run out, the handler told of its dead letters (and a retry
/// request taken by exactly one worker).</summary>
public abstract class DeadLetterExhaustionTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task When_retries_run_out_every_record_from_the_first_failed_offset_of_its_partition_is_dead_lettered_and_the_handler_is_told()
    {
        var database = await DatabaseAsync();
        var log = await EmbeddedLogs.OpenAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 1);
        await PublishAsync(log, events, [1, 2, 3, 4], _ => "visitor-a");
        // The handler names only item 2 and skips (does not report) what follows it in its partition, as a handler may.
        var handler = new AwareHandler("exhausted", (batch, _) => new BatchResponse([.. batch.Records.Where(r => ScriptedHandler.Item(r) == 2)
            .Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "item 2 is broken"))]));

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "committed after the retries ran out");

        var letters = await DeadLettersAsync(database);
        Assert.Equal([1L, 2L, 3L], letters.Select(l => l.Offset));
        Assert.Equal("item 2 is broken", letters[0].Error);
        Assert.All(letters.Skip(1), l => Assert.Contains("@1 of its partition failed (item 2 is broken)", l.Error));
        Assert.All(letters, l => Assert.Equal(2, l.Attempts));
        Assert.Equal([2, 3, 4], handler.DeadLettered.Select(d => ScriptedHandler.Item(d.Record)));
    }
}

/// <summary>A scripted handler that keeps what the worker told it went to the dead letters.</summary>
public sealed class AwareHandler(string name, Func<EventBatch, int, BatchResponse> behaviour) : IEventBatchHandler, IDeadLetterAware
{
    private readonly ScriptedHandler _inner = new(name, behaviour);
    public List<DeadLetteredRecord> DeadLettered { get; } = [];
    public string Name => _inner.Name;
    public IReadOnlyCollection<string> Families => _inner.Families;
    public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken) => _inner.HandleAsync(batch, cancellationToken);

    public Task OnDeadLetteredAsync(IReadOnlyList<DeadLetteredRecord> records, CancellationToken cancellationToken)
    {
        lock (DeadLettered) DeadLettered.AddRange(records);
        return Task.CompletedTask;
    }
}

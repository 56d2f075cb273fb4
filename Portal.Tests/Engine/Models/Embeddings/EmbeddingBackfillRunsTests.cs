using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Models;
using Portal.Engine.Models.Embeddings;
using Portal.Tests.Features.Models;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Embeddings;

public sealed class SqliteEmbeddingBackfillRunsTests() : EmbeddingBackfillRunsTests(DatabaseOptions.Sqlite);

public sealed class PostgresEmbeddingBackfillRunsTests() : EmbeddingBackfillRunsTests(DatabaseOptions.Postgres);

/// <summary>The backfill started on demand: one run at a time, its progress as it goes, a start meanwhile refused, the end kept.</summary>
public abstract class EmbeddingBackfillRunsTests(string provider) : EmbeddingsSuite(provider)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // an upper bound for a loaded machine, not a timing check

    [SkippableFact]
    public async Task A_run_reports_its_progress_refuses_a_second_start_while_it_goes_and_keeps_how_it_ended()
    {
        await ArrangeEmbeddingsAsync();
        await UploadAsync(DemoPhotoComposer.ComposeJpeg("Prints", "Poster", 1), Alice);
        await UploadAsync(DemoPhotoComposer.ComposeJpeg("Home", "Cushion", 2), Bob);
        await AddProductAsync("Frames", "Oak Frame", 2);
        using var gate = new GatedEmbedder(SharedEmbedder.Instance);
        var factory = new TestDbContextFactory(Database);
        var embeddings = new ImageEmbeddings(factory, gate, Spaces, TimeProvider.System);
        var backfill = new EmbeddingBackfill(factory, embeddings,
            NullLogger<EmbeddingBackfill>.Instance);
        var runs = new EmbeddingBackfillRuns(backfill, TimeProvider.System, NullLogger<EmbeddingBackfillRuns>.Instance);
        var heard = new List<BackfillRun>();
        runs.Changed += run => { lock (heard) heard.Add(run); };
        Assert.Null(runs.Current);
        Assert.Equal(new EmbeddingCoverage("resnet18-v1", 3, 0), await backfill.CoverageAsync());

        gate.Close();
        var first = runs.StartAsync(BackfillTrigger.Manual, "ana");
        await WaitUntilAsync(() => runs.Current is { Total: 3 });

        Assert.Equal((true, 0, 3, "ana"), (runs.Current!.Running, runs.Current.Done, runs.Current.Total, runs.Current.StartedBy));
        var refused = Assert.Throws<ModelsException>(() => { _ = runs.StartAsync(BackfillTrigger.Startup, "start-up"); });
        Assert.Equal("An embedding backfill is already running (started by ana, 0 of 3 done); wait for it to finish.", refused.Message);

        gate.Open();
        var ended = await first.WaitAsync(Patience);

        Assert.Equal((false, 3, 3, 0, (string?)null), (ended.Running, ended.Done, ended.Total, ended.Failed, ended.Error));
        Assert.Same(ended, runs.Current);
        Assert.Equal(new EmbeddingCoverage("resnet18-v1", 3, 3), await backfill.CoverageAsync());
        lock (heard)
        {
            Assert.True(heard.Select(r => r.Done).SequenceEqual(heard.Select(r => r.Done).Order()), string.Join(",", heard.Select(r => r.Done)));
            Assert.Equal(ended, heard[^1]);
        }
        var again = await runs.StartAsync(BackfillTrigger.Manual, "bo").WaitAsync(Patience); // the next run may start, and finds nothing to do
        Assert.Equal(("bo", 0, 0, 0), (again.StartedBy, again.Done, again.Total, again.Failed));
    }

    [SkippableFact]
    public async Task A_run_that_fails_ends_with_its_reason_and_the_next_may_start()
    {
        await ArrangeEmbeddingsAsync();
        var down = new UnreachableDatabase(); // the run cannot even list what is missing
        var backfill = new EmbeddingBackfill(down, Embeddings,
            NullLogger<EmbeddingBackfill>.Instance);
        var runs = new EmbeddingBackfillRuns(backfill, TimeProvider.System, NullLogger<EmbeddingBackfillRuns>.Instance);

        var ended = await runs.StartAsync(BackfillTrigger.Manual, "ana").WaitAsync(Patience);

        Assert.Equal((false, "The backfill failed: The database is unreachable."), (ended.Running, ended.Error));
        Assert.False(runs.Current!.Running);
        var next = await runs.StartAsync(BackfillTrigger.Manual, "bo").WaitAsync(Patience);
        Assert.Equal("bo", next.StartedBy);
    }

    private sealed class UnreachableDatabase : Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => throw new InvalidOperationException("The database is unreachable.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("The backfill never got there.");
            await Task.Delay(20);
        }
    }
}

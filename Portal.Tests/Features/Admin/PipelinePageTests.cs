using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Features.Admin.Pipeline;
using Portal.Tests.Engine.Messaging.Worker;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>The Admin Pipeline page: partitions and lag, the workers' figures, dead letters with audited retry/discard, pause/resume.</summary>
public sealed class PipelinePageTests : BunitContext, IAsyncLifetime
{
    private const string Admin = "admin@portal.local";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check
    private readonly EmbeddedEventLog _log;
    private readonly EventsOptions _events = WorkerTesting.NewTopics();
    private readonly WorkerOptions _options = WorkerTesting.Options();
    private readonly ScriptedHandler _handler = new("thumbnails");

    private SqliteTestDatabase Database { get; } = new();

    public PipelinePageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        _log = new EmbeddedEventLog(new TestDbContextFactory(Database), Options.Create(EmbeddedLogs.TestOptions()), TimeProvider.System,
            NullLogger<EmbeddedEventLog>.Instance);
        Services.AddSingleton(WorkerTesting.Monitor([_handler], _log, Database, _events, _options));
        Services.AddSingleton(TimeProvider.System);
        var auth = AddAuthorization();
        auth.SetAuthorized(Admin);
        auth.SetRoles(Roles.Admin);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    private IRenderedComponent<PageHost> RenderPage<TPage>() where TPage : IComponent => Render<PageHost>(host => host.AddChildContent<TPage>());

    [Fact]
    public async Task It_shows_offsets_and_lag_per_partition_the_figures_and_the_dead_letters_with_payload_and_error()
    {
        await WorkerTesting.PublishAsync(_log, _events, Enumerable.Range(1, 12));
        await using (var consumer = _log.Subscribe(new ConsumerSettings(_options.GroupOf("thumbnails"), [_events.TopicOf(EventFamilies.Activity)])))
        {
            var polled = new List<LogRecord>();
            while (polled.Count < 5) polled.AddRange(await consumer.PollAsync(5 - polled.Count, Patience));
            await consumer.CommitAsync(polled.GroupBy(r => r.TopicPartition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1));
        }
        await InvocationsAsync((100, 100, 12.0), (40, 40, 30.0), (3, 0, 500.0));
        var letter = await DeadLetterAsync("{\"itemId\": 13}", "InvalidOperationException: item 13 is cursed");

        var page = RenderPage<PipelinePage>();
        page.WaitForElement("[data-testid=stat-handled]", Patience);

        var described = await _log.DescribeAsync(_options.GroupOf("thumbnails"), [_events.TopicOf(EventFamilies.Activity)]);
        var rows = page.FindAll("[data-testid=partitions-thumbnails] [data-testid=partition-row]");
        Assert.Equal(4, rows.Count);
        Assert.Equal(described.Select(d => $"{d.EndOffset}|{d.CommittedOffset?.ToString() ?? "–"}|{d.Lag}"),
            rows.Select(r => string.Join("|", r.QuerySelectorAll("td").Skip(2).Select(td => td.TextContent.Trim()))));
        Assert.Contains("lag 7", page.Find("[data-testid=consumer-thumbnails]").TextContent);
        Assert.Equal("140", Stat(page, "stat-handled"));
        Assert.Equal("3 (1)", Stat(page, "stat-invocations"));
        Assert.Equal("30 ms / 500 ms", Stat(page, "stat-latency"));
        page.WaitForElement("[data-testid=throughput-chart]", Patience);
        Assert.Equal(["2–10|1", "11–50|1", "51–100|1"], page.FindAll("[data-testid=batch-sizes] tbody tr")
            .Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))));
        Assert.Equal("{\"itemId\": 13}", page.Find($"[data-testid=dead-letter-payload-{letter}]").TextContent);
        Assert.Equal("InvalidOperationException: item 13 is cursed", page.Find($"[data-testid=dead-letter-error-{letter}]").TextContent.Trim());
    }

    [Fact]
    public async Task Retry_one_retry_all_and_discard_after_confirmation_are_audited_under_the_administrators_name()
    {
        var first = await DeadLetterAsync("{\"itemId\": 1}", "first failure");
        var second = await DeadLetterAsync("{\"itemId\": 2}", "second failure");
        var third = await DeadLetterAsync("{\"itemId\": 3}", "third failure");
        var page = RenderPage<PipelinePage>();
        page.WaitForElement("[data-testid=dead-letters]", Patience);

        page.Find($"button[data-testid=dead-letter-retry-{first}]").Click();
        page.WaitForElement($"[data-testid=dead-letter-retrying-{first}]", Patience);

        page.Find($"button[data-testid=dead-letter-discard-{second}]").Click();
        page.WaitForElement(".mud-dialog", Patience);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Discard").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=dead-letter-error-{second}]")), Patience);

        page.Find("button[data-testid=dead-letter-retry-all]").Click();
        page.WaitForElement($"[data-testid=dead-letter-retrying-{third}]", Patience);
        Assert.Contains("1 dead letters go back", page.Find("[data-testid=pipeline-message]").TextContent);

        await using var db = Database.NewContext();
        Assert.All(await db.DeadLetters.ToListAsync(), l => Assert.NotNull(l.RetryRequestedAt));
        var audit = await db.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.Action, a.EntityId, a.UserName }).ToListAsync();
        Assert.Equal([("Retry", first.ToString()), ("Discard", second.ToString()), ("RetryAll", "all")], audit.Select(a => (a.Action, a.EntityId)));
        Assert.All(audit, a => Assert.Equal(Admin, a.UserName));
    }

    [Fact]
    public async Task Pause_and_resume_switch_the_consumer_for_every_worker_and_say_who_did_it()
    {
        var page = RenderPage<PipelinePage>();
        page.WaitForElement("[data-testid=consumer-thumbnails]", Patience);
        Assert.StartsWith("Running", Text(page, "consumer-state-thumbnails"));

        page.Find("button[data-testid=consumer-toggle-thumbnails]").Click();
        page.WaitForAssertion(() => Assert.StartsWith($"Paused (changed by {Admin}", Text(page, "consumer-state-thumbnails")), Patience);
        await using (var db = Database.NewContext())
            Assert.True((await db.ConsumerControls.SingleAsync(c => c.Handler == "thumbnails")).Paused);

        page.Find("button[data-testid=consumer-toggle-thumbnails]").Click();
        page.WaitForAssertion(() => Assert.StartsWith("Running", Text(page, "consumer-state-thumbnails")), Patience);
        await using var after = Database.NewContext();
        Assert.Equal(["Pause", "Resume"], await after.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public void Without_figures_or_dead_letters_the_page_says_so()
    {
        var page = RenderPage<PipelinePage>();
        page.WaitForElement("[data-testid=throughput-empty]", Patience);
        Assert.Equal("–", Stat(page, "stat-latency"));
        Assert.NotNull(page.Find("[data-testid=dead-letters-empty]"));
        Assert.True(page.Find("button[data-testid=dead-letter-retry-all]").HasAttribute("disabled"));
    }

    private static string Stat(IRenderedComponent<PageHost> page, string id) => page.Find($"[data-testid={id}] .mud-typography-h5").TextContent.Trim();

    private static string Text(IRenderedComponent<PageHost> page, string id) => page.Find($"[data-testid={id}]").TextContent.Trim();

    private async Task InvocationsAsync(params (int Size, int Handled, double Ms)[] invocations)
    {
        await using var db = Database.NewContext();
        db.WorkerInvocations.AddRange(invocations.Select(i => new WorkerInvocation
            { Handler = "thumbnails", At = DateTime.UtcNow.AddMinutes(-1), Size = i.Size, Handled = i.Handled, DurationMs = i.Ms }));
        await db.SaveChangesAsync();
    }

    private async Task<long> DeadLetterAsync(string payload, string error)
    {
        await using var db = Database.NewContext();
        var record = new LogRecord(_events.TopicOf(EventFamilies.Activity), 2, 7, "visitor-13", Encoding.UTF8.GetBytes(payload),
            new Dictionary<string, string> { [CloudEventHeaders.Type] = "portal.activity.product-viewed.v1" }, DateTimeOffset.UtcNow);
        var letter = DeadLetters.From("thumbnails", record, error, 3, DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow);
        db.DeadLetters.Add(letter);
        await db.SaveChangesAsync();
        return letter.Id;
    }
}

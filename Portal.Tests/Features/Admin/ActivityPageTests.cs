using System.Text;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Features.Admin.Activity;
using Portal.Tests.Engine.Messaging.Live;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>The Admin activity view over the embedded event log in a real SQLite database, with this instance's live feed.</summary>
public sealed class ActivityPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Patience = LiveTesting.Patience;

    private readonly SqliteTestDatabase _database = new();
    private readonly EmbeddedEventLog _log;
    private readonly LiveEventFeed _feed;

    public ActivityPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(_database));
        _log = new EmbeddedEventLog(new TestDbContextFactory(_database), Options.Create(EmbeddedLogs.TestOptions()), TimeProvider.System,
            NullLogger<EmbeddedEventLog>.Instance);
        _feed = LiveTesting.Feed(_log);
        var liveOptions = Options.Create(LiveTesting.FastOptions());
        Services.AddSingleton<ILiveEvents>(_feed);
        Services.AddSingleton(liveOptions);
        Services.AddSingleton(new RecentEvents(_log, Options.Create(new EventsOptions()), liveOptions));
        Services.AddScoped<ActivityCustomers>();
    }

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await using (var db = _database.NewContext())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await _feed.StartedAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _feed.StopAsync(CancellationToken.None);
        _feed.Dispose();
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IRenderedComponent<ActivityPage> RenderLoaded()
    {
        var page = Render<ActivityPage>();
        page.WaitForElement("[data-testid=activity-table], [data-testid=activity-empty]", Patience);
        return page;
    }

    private static IReadOnlyList<string> Subjects(IRenderedComponent<ActivityPage> page) =>
        page.FindAll("[data-testid=activity-row]").Select(r => r.GetAttribute("data-subject") ?? "").ToList();

    private async Task<int> CustomerAsync(string fullName, string email)
    {
        await using var db = _database.NewContext();
        var customer = new Customer
        {
            Email = email, FullName = fullName, MemberSince = DateTime.UtcNow,
            ShippingAddress = new PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" },
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    private Task PublishAsync(params IIntegrationEvent[] events) => PublishAtAsync(DateTime.UtcNow, events);

    private Task PublishAtAsync(DateTime at, params IIntegrationEvent[] events) =>
        _log.PublishAsync(events.Select((e, i) => LiveTesting.Message(e, at.AddMilliseconds(i))).ToList());

    [Fact]
    public void An_empty_log_shows_that_there_are_no_events_yet()
    {
        var page = RenderLoaded();
        Assert.Contains("No events yet", page.Find("[data-testid=activity-empty]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=activity-error]"));
    }

    [Fact]
    public async Task The_recent_stream_is_read_back_newest_first_with_customers_named_and_filters_by_subject_customer_and_type()
    {
        var cleo = await CustomerAsync("Cleo Customer", "cleo@example.com");
        var otto = await CustomerAsync("Otto Other", "otto@example.com");
        var start = DateTime.UtcNow.AddMinutes(-5);
        await PublishAtAsync(start,
            new OrderPlaced(1, cleo, null, 19.99m, "EUR", 450, "standard", start, [new OrderedLine(3, "SKU-3", 1, 19.99m)]),
            new StockChanged(3, 9, -1, "checkout"),
            new OrderShipped(2, otto, null, "DHL", "JD0002", start),
            new CatalogItemChanged(3, CatalogChange.Updated, "sam@portal.local"));

        var page = RenderLoaded();

        Assert.Equal(["catalog/3", "orders/2", "catalog/3", "orders/1"], Subjects(page));
        Assert.Equal("4 of 4 events", page.Find("[data-testid=activity-count]").TextContent.Trim());
        var customers = page.FindAll("[data-testid=activity-row-customer]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal($"Otto Other (#{otto}, otto@example.com)", customers[1]);
        Assert.Equal("sam@portal.local", customers[0]);
        Assert.Equal("Order #2 shipped with DHL (JD0002)", page.FindAll("[data-testid=activity-row-summary]")[1].TextContent.Trim());

        page.Find("[data-testid=activity-subject]").Input("orders/");
        page.WaitForAssertion(() => Assert.Equal(["orders/2", "orders/1"], Subjects(page)), Patience);

        page.Find("[data-testid=activity-customer]").Input("cleo@");
        page.WaitForAssertion(() => Assert.Equal(["orders/1"], Subjects(page)), Patience);

        page.Find("[data-testid=activity-clear]").Click();
        page.WaitForAssertion(() => Assert.Equal(4, Subjects(page).Count), Patience);
        var type = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => type.Instance.ValueChanged.InvokeAsync(EventCatalog.TypeOf<StockChanged>()));
        page.WaitForAssertion(() => Assert.Equal(["catalog/3"], Subjects(page)), Patience);
        Assert.Equal("portal.catalog.stock-changed.v1", page.Find("[data-testid=activity-row]").GetAttribute("data-type"));

        page.Find("[data-testid=activity-customer]").Input("nobody");
        page.WaitForElement("[data-testid=activity-none-match]", Patience);
    }

    [Fact]
    public async Task Events_that_happen_while_it_is_open_appear_on_top_and_are_counted_as_new()
    {
        await PublishAsync(new OrderCompleted(1, 1, null, DateTime.UtcNow));
        var page = RenderLoaded();
        Assert.Equal(["orders/1"], Subjects(page));

        await PublishAsync(new ImageProcessed(Guid.Parse("6f1c0000000000000000000000000001"), "user-1", true, null), new SearchMade("visitor-9", null, "poster", 3));

        page.WaitForAssertion(() => Assert.Equal(3, Subjects(page).Count), Patience);
        Assert.Equal("orders/1", Subjects(page)[2]);
        Assert.Contains("Live: 2 new", page.Find("[data-testid=activity-live]").TextContent);
        Assert.Contains("Searched \"poster\": 3 result(s)", page.Markup);
    }

    [Fact]
    public async Task A_record_that_is_not_a_known_event_is_listed_with_the_reason_and_can_be_picked_out()
    {
        var future = LiveTesting.Message(new OrderCompleted(5, 1, null, DateTime.UtcNow));
        await _log.PublishAsync([future with { Headers = new Dictionary<string, string>(future.Headers) { [CloudEventHeaders.Type] = "portal.orders.refunded.v2" } }]);
        await _log.PublishAsync([new LogMessage(LiveTesting.Events.TopicOf(EventFamilies.Orders), "x", Encoding.UTF8.GetBytes("{}"), new Dictionary<string, string>())]);
        await PublishAsync(new OrderCompleted(6, 1, null, DateTime.UtcNow));

        var page = RenderLoaded();
        page.WaitForAssertion(() => Assert.Equal(3, Subjects(page).Count), Patience);
        var type = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => type.Instance.ValueChanged.InvokeAsync(ActivityFilter.Unreadable));

        page.WaitForAssertion(() => Assert.Equal(2, Subjects(page).Count), Patience);
        Assert.Contains("Unknown event type or version 'portal.orders.refunded.v2'", page.Markup);
        Assert.Contains("no CloudEvents 1.0", page.Markup);
    }

    [Fact]
    public async Task Many_events_are_shown_a_page_at_a_time()
    {
        var start = DateTime.UtcNow.AddMinutes(-5);
        await PublishAtAsync(start, Enumerable.Range(1, ActivityPage.PageSize + 5).Select(i => (IIntegrationEvent)new OrderCompleted(i, 1, null, start)).ToArray());

        var page = RenderLoaded();

        Assert.Equal(ActivityPage.PageSize, Subjects(page).Count);
        Assert.Equal($"orders/{ActivityPage.PageSize + 5}", Subjects(page)[0]);
        page.Find("[data-testid=activity-pages] [aria-label='Page 2']").Click();
        page.WaitForAssertion(() => Assert.Equal(["orders/5", "orders/4", "orders/3", "orders/2", "orders/1"], Subjects(page)), Patience);
    }
}

using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.ApiKeys;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Logistics;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Engine.Ordering;
using Portal.Engine.Overview;
using Portal.Engine.Payments;
using Portal.Engine.Storefront;
using Portal.Tests.Engine.Messaging.Live;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Storefront;

/// <summary>
/// Shop and shipping-desk pages over a real, migrated SQLite database with the real engine services,
/// signed in as one user (<see cref="UserId"/>) in the given role. Other shoppers and clerks act
/// through the engine services directly or straight in the database.
/// </summary>
public abstract class CommerceTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check

    private readonly ApiKeyCache _apiKeyCache = new();

    protected SqliteTestDatabase Database { get; } = new();
    protected string UserId { get; }
    protected string UserName { get; }

    protected CommerceTestContext(string role, string userName)
    {
        UserId = $"user-{Guid.NewGuid():N}";
        UserName = userName;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new Portal.Features.Images.ImageUrlSigner(Microsoft.Extensions.Options.Options.Create(new Portal.Features.Images.ImageHandlerOptions())));
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(Database));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new CatalogChangeFeed());
        Services.AddScoped<CatalogService>();
        Services.AddScoped<CartService>();
        Services.AddSingleton<Portal.Engine.Messaging.ActivityRecorder>();
        Services.AddSingleton(ShopData.Shipping);
        Services.AddSingleton<IPaymentProvider>(Payments);
        Services.AddScoped(sp => new CheckoutService(new InterceptedDbContextFactory(Database, [.. CheckoutInterceptors]),
            TimeProvider.System, ShopData.Shipping, Payments, Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckoutService>.Instance));
        Services.AddScoped<OrderHistory>();
        Services.AddScoped<AddressBook>();
        Services.AddScoped<ShipmentNotices>();
        Services.AddSingleton(OrderCaches.Dark());
        Services.AddScoped<LogisticsService>();
        Services.AddOverviews();
        Services.AddSingleton(_apiKeyCache);
        EventLog = new EmbeddedEventLog(new TestDbContextFactory(Database), Microsoft.Extensions.Options.Options.Create(EmbeddedLogs.TestOptions()),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<EmbeddedEventLog>.Instance);
        LiveFeed = LiveTesting.Feed(EventLog);
        Services.AddSingleton<ILiveEvents>(LiveFeed);
        Services.AddScoped<ApiKeyService>();
        Services.AddSingleton<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(DataProtection);
        Services.AddScoped<Portal.Engine.Analytics.Access.AnalystAccessKeyService>();
        var auth = AddAuthorization();
        auth.SetAuthorized(userName);
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The key ring of the pages' Data Protection (analysts' access key secrets).</summary>
    protected Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider DataProtection { get; } = new();

    /// <summary>The event log in the test database (the embedded one, as the app runs by default).</summary>
    protected EmbeddedEventLog EventLog { get; }

    /// <summary>The pages' live events: a tail of <see cref="EventLog"/>, started by <see cref="StartLiveAsync"/> (tests that need it).</summary>
    protected LiveEventFeed LiveFeed { get; }

    protected async Task StartLiveAsync()
    {
        await using (var db = Database.NewContext())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;"); // as the app runs SQLite: the tail's reads do not block writers
        await LiveFeed.StartedAsync();
    }

    /// <summary>Publishes the outbox's unpublished rows to <see cref="EventLog"/> in order, as the relay does.</summary>
    protected async Task PublishOutboxAsync()
    {
        await using var db = Database.NewContext();
        var rows = await db.OutboxMessages.Where(m => db.OutboxPending.Any(p => p.Sequence == m.Sequence)).OrderBy(m => m.Sequence).ToListAsync();
        await EventLog.PublishAsync(rows.Select(m => Portal.Engine.Messaging.Events.CloudEventHeaders.ToMessage(
            Portal.Engine.Messaging.OutboxWriter.Envelope(m, "/portal"), LiveTesting.Events.TopicOf(m.Family))).ToList());
        var published = rows.Select(r => r.Sequence).ToList();
        await db.OutboxPending.Where(p => published.Contains(p.Sequence)).ExecuteDeleteAsync();
    }

    /// <summary>Run on the database work of the pages' checkout; add before rendering (e.g. another tab racing it).</summary>
    protected List<IInterceptor> CheckoutInterceptors { get; } = [];

    protected CartService Cart => new(new TestDbContextFactory(Database), TimeProvider.System);
    protected CheckoutService Checkout => ShopData.Checkout(new TestDbContextFactory(Database), Payments);
    /// <summary>The test payment provider the pages pay through; it records charges and refunds.</summary>
    protected TestPaymentProvider Payments { get; } = new();
    protected LogisticsService Logistics => new(new TestDbContextFactory(Database), TimeProvider.System, OrderCaches.Dark());
    protected ApiKeyService ApiKeys => new(new TestDbContextFactory(Database), _apiKeyCache, TimeProvider.System);
    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Renders a page inside the popover/dialog/snackbar providers.</summary>
    protected IRenderedComponent<PageHost> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent =>
        Render<PageHost>(host => host.AddChildContent<TPage>(parameters ?? (_ => { })));

    /// <summary>A sign-in account with a customer profile; the signed-in user's own when <paramref name="id"/> is null.</summary>
    protected async Task<string> ShopperAsync(string? id = null, string fullName = "Cleo Customer", string city = "Berlin",
        MembershipTier tier = MembershipTier.Basic, MembershipStatus status = MembershipStatus.Active, bool savedAddress = true)
    {
        id = await AccountAsync(id, fullName);
        await using var db = Database.NewContext();
        db.Customers.Add(new Customer
        {
            UserId = id, Email = $"{id}@example.com", FullName = fullName, Tier = tier, MembershipStatus = status,
            ShippingAddress = new PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = city, Country = "DE" },
            MemberSince = DateTime.UtcNow.AddYears(-1), MembershipExpiresAt = DateTime.UtcNow.AddYears(1),
        });
        await db.SaveChangesAsync();
        if (savedAddress)
        {
            var customerId = await db.Customers.Where(c => c.UserId == id).Select(c => c.Id).SingleAsync();
            db.SavedAddresses.Add(new SavedAddress { CustomerId = customerId, Label = "Home", Address = new PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = city, Country = "DE" } });
            await db.SaveChangesAsync();
        }
        return id;
    }

    /// <summary>A sign-in account without a customer profile; the signed-in user's own when <paramref name="id"/> is null.</summary>
    protected async Task<string> AccountAsync(string? id = null, string displayName = "Ada Account")
    {
        id ??= UserId;
        await using var db = Database.NewContext();
        db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = displayName });
        await db.SaveChangesAsync();
        return id;
    }

    protected async Task<CatalogItem> ItemAsync(string name, decimal price = 10m, int stock = 20, int grams = 250,
        string category = "Prints", bool active = true)
    {
        await using var db = Database.NewContext();
        var item = new CatalogItem
        {
            Sku = $"SKU-{Guid.NewGuid():N}"[..12].ToUpperInvariant(), Name = name, Category = category,
            Price = price, Stock = stock, WeightGrams = grams, IsActive = active, Description = $"All about {name}.",
        };
        db.CatalogItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    protected async Task SetStockAsync(int itemId, int stock)
    {
        await using var db = Database.NewContext();
        await db.CatalogItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, stock));
    }

    /// <summary>A paid order of <paramref name="quantity"/> × the item to the shopper's profile address, placed through the real cart and checkout.</summary>
    protected async Task<int> PaidOrderAsync(string shopperId, CatalogItem item, int quantity = 1)
    {
        Assert.Null(await Cart.AddAsync(shopperId, item.Id, quantity));
        await using var db = Database.NewContext();
        var home = await db.Customers.AsNoTracking().Where(c => c.UserId == shopperId).Select(c => c.ShippingAddress).SingleAsync();
        var result = await Checkout.CheckoutAsync(shopperId, ShopData.Request() with { ShippingAddress = home });
        Assert.True(result.Succeeded, result.Error);
        return result.OrderId!.Value;
    }

    protected async Task<Order> StoredOrderAsync(int orderId)
    {
        await using var db = Database.NewContext();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
    }

    protected async Task SetOrderStatusAsync(int orderId, OrderStatus status)
    {
        await using var db = Database.NewContext();
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, status));
    }

    protected static string Text<T>(IRenderedComponent<T> page, string testId) where T : IComponent =>
        page.Find($"[data-testid='{testId}']").TextContent.Trim();

    /// <summary>The message MudBlazor shows under a field (its helper/error line), or "".</summary>
    protected static string FieldError<T>(IRenderedComponent<T> page, string testId) where T : IComponent
    {
        var input = page.Find($"[data-testid='{testId}']");
        var control = input.Closest(".mud-input-control") ?? throw new InvalidOperationException($"{testId} is not in a MudBlazor input");
        return control.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";
    }

    public Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await LiveFeed.StopAsync(CancellationToken.None);
        LiveFeed.Dispose();
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Identity;

namespace Portal.Engine.Demo;

/// <summary>Creates the demo accounts and, into an empty shop, the demo catalog, customers and orders.</summary>
public sealed class DemoDataSeeder(
    PortalDbContext db,
    UserManager<PortalUser> users,
    AnalystAccessKeyService accessKeys,
    IOptions<DemoOptions> options,
    TimeProvider clock,
    ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var demo = options.Value;
        if (!demo.Enabled)
        {
            await LockDemoAccountsAsync();
            return;
        }

        foreach (var account in DemoAccounts.All)
            await EnsureUserAsync(account, demo.Password);
        await EnsureAnalystKeyAsync(demo, cancellationToken);

        if (await db.CatalogItems.AnyAsync(cancellationToken)) return;

        var started = clock.GetTimestamp();
        var generator = new DemoDataGenerator(demo, clock.GetUtcNow().UtcDateTime);
        var items = generator.Items();
        db.CatalogItems.AddRange(items);
        var customers = generator.Customers();
        db.Customers.AddRange(customers);
        db.MembershipChanges.AddRange(generator.MembershipChanges(customers));
        await db.SaveChangesAsync(cancellationToken);
        db.SavedAddresses.AddRange(customers.Select(c => new SavedAddress { CustomerId = c.Id, Label = "Home", Address = c.ShippingAddress with { } }));
        await db.SaveChangesAsync(cancellationToken);

        await LinkDemoCustomerAsync(customers, cancellationToken);

        var orders = generator.Orders(items, customers);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var batch in orders.Chunk(1000))
        {
            db.Orders.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        logger.LogInformation("Demo data: {Items} items, {Customers} customers, {Orders} orders in {Elapsed}",
            items.Count, customers.Count, orders.Count, clock.GetElapsedTime(started));
    }

    /// <summary>
    /// Demo mode off: the demo accounts' password is published, so accounts left from demo mode must not sign in.
    /// They are locked, not deleted, so what they made (orders, catalog edits, images) stays.
    /// </summary>
    private async Task LockDemoAccountsAsync()
    {
        foreach (var account in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(account.Email) is not { } user || user.LockoutEnd == DateTimeOffset.MaxValue) continue;
            user.LockoutEnabled = true;
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue), account.Email);
            logger.LogWarning("Demo mode is off: the demo account {Email} is locked and cannot sign in.", account.Email);
        }
    }

    private async Task EnsureUserAsync(DemoAccounts.Account account, string password)
    {
        var user = await users.FindByEmailAsync(account.Email);
        if (user is null)
        {
            user = new PortalUser { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = account.DisplayName };
            Check(await users.CreateAsync(user, password), account.Email);
        }
        else if (user.LockoutEnd == DateTimeOffset.MaxValue)
        {
            Check(await users.SetLockoutEndDateAsync(user, null), account.Email); // locked while demo mode was off
        }
        if (!await users.IsInRoleAsync(user, account.Role))
            Check(await users.AddToRoleAsync(user, account.Role), account.Email);
    }

    /// <summary>The demo analyst's access key from settings, so SDKs, the CLI and R scripts work at once.</summary>
    private async Task EnsureAnalystKeyAsync(DemoOptions demo, CancellationToken cancellationToken)
    {
        var analyst = await users.FindByEmailAsync(DemoAccounts.For(Roles.Analyst).Email);
        await accessKeys.EnsureAsync(analyst!.Id, demo.AnalystAccessKeyId, demo.AnalystSecretAccessKey, "Demo key", cancellationToken);
    }

    /// <summary>The demo customer account shops as the first demo customer, so it has an order history.</summary>
    private async Task LinkDemoCustomerAsync(List<Customer> customers, CancellationToken cancellationToken)
    {
        if (customers.Count == 0) return;
        var account = DemoAccounts.For(Roles.Customer);
        var user = await users.FindByEmailAsync(account.Email);
        var customer = customers[0];
        customer.UserId = user!.Id;
        customer.Email = account.Email;
        customer.FullName = account.DisplayName;
        customer.Tier = MembershipTier.Gold;
        customer.MembershipStatus = MembershipStatus.Active;
        customer.MembershipExpiresAt = clock.GetUtcNow().UtcDateTime.AddDays(180);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}

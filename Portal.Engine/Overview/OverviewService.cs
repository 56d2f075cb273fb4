using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;

namespace Portal.Engine.Overview;

/// <summary>The landing pages' figures, each read in a context of its own, so pages never open a database context.</summary>
public sealed class OverviewService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public Task<LogisticsOverview> LogisticsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(db => LogisticsOverview.LoadAsync(db, cancellationToken), cancellationToken);

    public Task<AccountsOverview> AccountsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(db => AccountsOverview.LoadAsync(db, Now, cancellationToken), cancellationToken);

    public Task<CatalogOverview> CatalogAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(db => CatalogOverview.LoadAsync(db, cancellationToken), cancellationToken);

    public Task<CustomerOverview> CustomerAsync(string userId, CancellationToken cancellationToken = default) =>
        ReadAsync(db => CustomerOverview.LoadAsync(db, userId, cancellationToken), cancellationToken);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await read(db);
    }
}

public static class OverviewServiceCollectionExtensions
{
    public static IServiceCollection AddOverviews(this IServiceCollection services) => services.AddScoped<OverviewService>();
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Logistics;

/// <summary>A key revoked while a request is validating it is not cached as valid afterwards.</summary>
public sealed class ApiKeyRevocationRaceTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_key_revoked_while_it_is_being_validated_is_not_cached_as_valid()
    {
        var cache = new ApiKeyCache();
        var plain = new ApiKeyService(new TestDbContextFactory(_database), cache, TimeProvider.System);
        var userId = (await ShopData.ShoppersAsync(_database, 1)).Single();
        var (created, error) = await plain.CreateAsync(userId, "scanner");
        Assert.Null(error);

        // The owner clicks "Revoke" while a request with the key is between its SELECT and its LastUsedAt write.
        var revokeOnce = new RevokeDuringValidation(() => plain.RevokeAsync(userId, created!.Key.Id));
        var racing = new ApiKeyService(new InterceptedFactory(_database, revokeOnce), cache, TimeProvider.System);
        Assert.NotNull(await racing.ValidateAsync(created!.Secret)); // the in-flight request itself may pass
        Assert.True(revokeOnce.Revoked);

        var afterRevocation = await plain.ValidateAsync(created.Secret);
        Assert.Null(afterRevocation);
    }

    /// <summary>Runs the revocation once, just before the validating request saves LastUsedAt.</summary>
    private sealed class RevokeDuringValidation(Func<Task<bool>> revoke) : SaveChangesInterceptor
    {
        public bool Revoked { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Revoked && eventData.Context!.ChangeTracker.Entries<ApiKey>().Any(e => e.State == EntityState.Modified))
            {
                Revoked = true;
                Assert.True(await revoke());
            }
            return result;
        }
    }

    private sealed class InterceptedFactory(SqliteTestDatabase database, IInterceptor interceptor) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() =>
            new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(interceptor).Options);
    }
}

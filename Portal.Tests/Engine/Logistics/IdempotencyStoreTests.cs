using Portal.Engine.Logistics;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Logistics;

/// <summary>How long the idempotency store keeps claims and answers, and what happens to a claim whose request died.</summary>
public sealed class IdempotencyStoreTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_abandoned_claim_does_not_block_the_key_for_a_day()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(new TestDbContextFactory(_database), clock);
        Assert.Equal(IdempotencyState.New, (await store.ClaimAsync("key:1", "k-1", "hash")).State);
        // The instance dies before CompleteAsync or ReleaseAsync. The client retries an hour later.

        clock.Advance(TimeSpan.FromHours(1));
        var retry = await store.ClaimAsync("key:1", "k-1", "hash");

        Assert.Equal(IdempotencyState.New, retry.State);
    }

    [Fact]
    public async Task A_claim_still_being_answered_is_in_progress_for_a_retry()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(new TestDbContextFactory(_database), clock);
        Assert.Equal(IdempotencyState.New, (await store.ClaimAsync("key:1", "k-1", "hash")).State);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(IdempotencyState.InProgress, (await store.ClaimAsync("key:1", "k-1", "hash")).State);
    }

    /// <summary>Clients send a new key per request, so expired answers of every key are purged, not just a reused one's.</summary>
    [Fact]
    public async Task Records_older_than_the_retention_are_purged()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var store = new IdempotencyStore(new TestDbContextFactory(_database), clock);
        var first = await store.ClaimAsync("key:1", Guid.NewGuid().ToString(), "hash");
        await store.CompleteAsync(first.Record!.Id, 200, "{}", "application/json");

        clock.Advance(IdempotencyStore.Retention * 3);
        for (var i = 0; i < 5; i++) await store.ClaimAsync("key:1", Guid.NewGuid().ToString(), "hash");

        await using var db = _database.NewContext();
        Assert.False(db.IdempotencyRecords.Any(r => r.Id == first.Record.Id));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}

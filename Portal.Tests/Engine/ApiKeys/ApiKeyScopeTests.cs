using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.ApiKeys;

public sealed class SqliteApiKeyScopeTests() : ApiKeyScopeTests(DatabaseOptions.Sqlite);

public sealed class PostgresApiKeyScopeTests() : ApiKeyScopeTests(DatabaseOptions.Postgres);

/// <summary>Keys of two scopes in one table: personal access tokens (with an expiry) beside logistics keys, each kept to its own.</summary>
public abstract class ApiKeyScopeTests(string provider) : ProviderSuite(provider)
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();

    private async Task<(ApiKeyService Keys, string UserId)> ArrangeAsync()
    {
        var database = await DatabaseAsync();
        return (new ApiKeyService(new TestDbContextFactory(database), new ApiKeyCache(), _clock), (await ShopData.ShoppersAsync(database, 1)).Single());
    }

    [SkippableFact]
    public async Task A_token_and_a_logistics_key_are_listed_apart_and_a_logistics_key_is_what_it_always_was()
    {
        var (keys, user) = await ArrangeAsync();
        var (token, _) = await keys.CreateAsync(user, "sync", ApiKeyScope.Images, _clock.Now.UtcDateTime.AddDays(30));
        var (key, _) = await keys.CreateAsync(user, "scanner");

        Assert.StartsWith("pat_", token!.Secret);
        Assert.StartsWith("ptl_", key!.Secret);
        Assert.Equal(["sync"], (await keys.ListAsync(user, ApiKeyScope.Images)).Select(k => k.Name));
        var logistics = Assert.Single(await keys.ListAsync(user));
        Assert.Equal(("scanner", ApiKeyScope.Logistics, (DateTime?)null), (logistics.Name, logistics.Scope, logistics.ExpiresAt));
        Assert.Equal(ApiKeyScope.Images, (await keys.ValidateAsync(token.Secret))!.Scope);
    }

    [SkippableFact]
    public async Task A_token_stops_at_its_expiry_and_says_so_and_revoked_says_revoked()
    {
        var (keys, user) = await ArrangeAsync();
        var (token, _) = await keys.CreateAsync(user, "sync", ApiKeyScope.Images, _clock.Now.UtcDateTime.AddDays(7));
        var (other, _) = await keys.CreateAsync(user, "other", ApiKeyScope.Images, null);
        Assert.Equal(ApiKeyRefusal.None, (await keys.CheckAsync(token!.Secret)).Refusal); // now cached too

        _clock.Now = _clock.Now.AddDays(8);
        Assert.Equal(ApiKeyRefusal.Expired, (await keys.CheckAsync(token.Secret)).Refusal);
        Assert.Null(await keys.ValidateAsync(token.Secret));
        Assert.Null(keys.RecentlyValidated(token.Secret));

        Assert.True(await keys.RevokeAsync(user, other!.Key.Id));
        Assert.Equal(ApiKeyRefusal.Revoked, (await keys.CheckAsync(other.Secret)).Refusal);
    }

    [SkippableFact]
    public async Task A_wrong_secret_or_scheme_is_unknown_and_tells_nothing_more()
    {
        var (keys, user) = await ArrangeAsync();
        var (token, _) = await keys.CreateAsync(user, "sync", ApiKeyScope.Images, null);
        Assert.True(await keys.RevokeAsync(user, token!.Key.Id));

        Assert.Equal(ApiKeyRefusal.Unknown, (await keys.CheckAsync($"pat_{token.Key.Prefix}_wrong-secret")).Refusal);
        Assert.Equal(ApiKeyRefusal.Unknown, (await keys.CheckAsync("ptl" + token.Secret[3..])).Refusal);
        Assert.Null((await keys.CheckAsync("ptl" + token.Secret[3..])).Key);
    }

    [SkippableTheory]
    [InlineData(-1)]
    [InlineData(400)]
    public async Task An_expiry_in_the_past_or_too_far_away_is_refused(int days)
    {
        var (keys, user) = await ArrangeAsync();
        var (created, error) = await keys.CreateAsync(user, "sync", ApiKeyScope.Images, _clock.Now.UtcDateTime.AddDays(days));
        Assert.Null(created);
        Assert.Equal("The expiry must be in the future and at most 366 days away.", error);
    }
}

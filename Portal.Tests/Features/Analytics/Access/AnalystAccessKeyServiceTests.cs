using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Access;

public sealed class SqliteAnalystAccessKeyServiceTests() : AnalystAccessKeyServiceTests(DatabaseOptions.Sqlite);

public sealed class PostgresAnalystAccessKeyServiceTests() : AnalystAccessKeyServiceTests(DatabaseOptions.Postgres);

/// <summary>Issuing, listing, revoking and finding analysts' access keys on each provider; the demo key made idempotently.</summary>
public abstract class AnalystAccessKeyServiceTests(string provider) : ProviderSuite(provider)
{
    private readonly EphemeralDataProtectionProvider _protection = new();

    private async Task<(AnalystAccessKeyService Keys, TestDatabase Database, string UserId)> SetUpAsync()
    {
        var database = await DatabaseAsync();
        var userId = Guid.NewGuid().ToString();
        await using (var db = database.NewContext())
        {
            db.Users.Add(new PortalUser { Id = userId, UserName = $"{userId}@example.com", Email = $"{userId}@example.com", DisplayName = "Ana" });
            await db.SaveChangesAsync();
        }
        return (new AnalystAccessKeyService(new TestDbContextFactory(database), _protection, TimeProvider.System), database, userId);
    }

    [SkippableFact]
    public async Task A_created_key_is_found_with_its_secret_which_is_stored_encrypted()
    {
        var (keys, database, userId) = await SetUpAsync();
        var (created, error) = await keys.CreateAsync(userId, "  notebook  ");
        Assert.Null(error);
        Assert.Matches("^AKIA[A-Z2-7]{16}$", created!.Key.AccessKeyId);
        Assert.Matches("^[A-Za-z0-9]{40}$", created.SecretAccessKey);
        Assert.Equal("notebook", created.Key.Name);

        var found = await keys.FindAsync(created.Key.AccessKeyId);
        Assert.Equal(new AnalystCredential(created.Key.AccessKeyId, created.SecretAccessKey, userId, $"{userId}@example.com", true), found);
        await using var db = database.NewContext();
        var row = await db.AnalystAccessKeys.SingleAsync(k => k.Id == created.Key.Id);
        Assert.DoesNotContain(created.SecretAccessKey, row.ProtectedSecret);
        // Another key ring (another app) cannot read the secret: the key then signs no one in.
        var stranger = new AnalystAccessKeyService(new TestDbContextFactory(database), new EphemeralDataProtectionProvider(), TimeProvider.System);
        Assert.Null(await stranger.FindAsync(created.Key.AccessKeyId));
        Assert.Null(await keys.FindAsync("AKIANOSUCHKEY0000000"));
        Assert.Null(await keys.FindAsync("not an id"));
    }

    [SkippableFact]
    public async Task Names_and_the_active_key_limit_are_checked()
    {
        var (keys, _, userId) = await SetUpAsync();
        Assert.StartsWith("Give the key a name", (await keys.CreateAsync(userId, " ")).Error);
        Assert.StartsWith("Give the key a name", (await keys.CreateAsync(userId, new string('x', 81))).Error);
        Assert.Contains("control character", (await keys.CreateAsync(userId, "tab\there")).Error);
        var made = new List<CreatedAnalystAccessKey>();
        for (var i = 0; i < AnalystAccessKeyService.MaxActiveKeysPerUser; i++) made.Add((await keys.CreateAsync(userId, $"k{i}")).Created!);
        Assert.Equal("You have 5 active access keys; revoke one first.", (await keys.CreateAsync(userId, "one more")).Error);
        Assert.True(await keys.RevokeAsync(userId, made[0].Key.Id));
        Assert.Null((await keys.CreateAsync(userId, "one more")).Error);
        Assert.Equal(6, (await keys.ListAsync(userId)).Count);
    }

    [SkippableFact]
    public async Task A_revoked_key_is_found_inactive_and_only_its_owner_revokes_it()
    {
        var (keys, _, userId) = await SetUpAsync();
        var created = (await keys.CreateAsync(userId, "script")).Created!;
        Assert.False(await keys.RevokeAsync("someone-else", created.Key.Id));
        Assert.True((await keys.FindAsync(created.Key.AccessKeyId))!.Active);
        Assert.True(await keys.RevokeAsync(userId, created.Key.Id));
        Assert.False((await keys.FindAsync(created.Key.AccessKeyId))!.Active);
        Assert.NotNull((await keys.ListAsync(userId)).Single().RevokedAt);
    }

    [SkippableFact]
    public async Task Use_is_recorded_at_most_once_a_minute()
    {
        var (keys, _, userId) = await SetUpAsync();
        var created = (await keys.CreateAsync(userId, "script")).Created!;
        Assert.Null((await keys.ListAsync(userId)).Single().LastUsedAt);
        await keys.RecordUseAsync(created.Key.AccessKeyId);
        var first = (await keys.ListAsync(userId)).Single().LastUsedAt;
        Assert.NotNull(first);
        await keys.RecordUseAsync(created.Key.AccessKeyId);
        Assert.Equal(first, (await keys.ListAsync(userId)).Single().LastUsedAt);
    }

    [SkippableFact]
    public async Task The_demo_key_is_ensured_idempotently_and_follows_its_settings()
    {
        var (keys, database, userId) = await SetUpAsync();
        var id = "AKIATEST" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        await keys.EnsureAsync(userId, id, "first-secret-long-enough", "Demo key");
        await keys.EnsureAsync(userId, id, "first-secret-long-enough", "Demo key");
        Assert.Single(await keys.ListAsync(userId));
        Assert.Equal("first-secret-long-enough", (await keys.FindAsync(id))!.SecretAccessKey);

        var key = (await keys.ListAsync(userId)).Single();
        Assert.True(await keys.RevokeAsync(userId, key.Id));
        await keys.EnsureAsync(userId, id, "second-secret-long-enough", "Demo key");
        var found = await keys.FindAsync(id);
        Assert.Equal(("second-secret-long-enough", true), (found!.SecretAccessKey, found.Active));
        await using var db = database.NewContext();
        Assert.Equal(1, await db.AnalystAccessKeys.CountAsync(k => k.AccessKeyId == id));
    }
}

/// <summary>The demo analyst key's settings are checked at start-up, naming the setting.</summary>
public sealed class DemoAnalystKeySettingsTests
{
    [Theory]
    [InlineData("AKIA-bad", null, "Demo:AnalystAccessKeyId")]
    [InlineData("AKIASHORT", null, "Demo:AnalystAccessKeyId")]
    [InlineData(null, "has a space in it!", "Demo:AnalystSecretAccessKey")]
    [InlineData(null, "short", "Demo:AnalystSecretAccessKey")]
    public void Demo_key_settings_are_validated_naming_the_setting(string? id, string? secret, string setting)
    {
        var options = new DemoOptions();
        if (id is not null) options.AnalystAccessKeyId = id;
        if (secret is not null) options.AnalystSecretAccessKey = secret;
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.StartsWith(setting + ":", Assert.Single(results).ErrorMessage);
        var defaults = new DemoOptions();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), [], validateAllProperties: true));
    }
}

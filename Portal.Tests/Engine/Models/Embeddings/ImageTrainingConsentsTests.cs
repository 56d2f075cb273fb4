using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Models.Consent;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Embeddings;

public sealed class SqliteImageTrainingConsentsTests() : ImageTrainingConsentsTests(DatabaseOptions.Sqlite);

public sealed class PostgresImageTrainingConsentsTests() : ImageTrainingConsentsTests(DatabaseOptions.Postgres);

/// <summary>Customers' training consents: off by default, saved both ways, asked in bulk for dataset building.</summary>
public abstract class ImageTrainingConsentsTests(string provider) : ProviderSuite(provider)
{
    private async Task<(ImageTrainingConsents Consents, string[] Users)> ArrangeAsync(int users)
    {
        var database = await DatabaseAsync();
        var ids = Enumerable.Range(0, users).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await using (var db = database.NewContext())
        {
            foreach (var id in ids)
                db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = "Customer" });
            await db.SaveChangesAsync();
        }
        return (new ImageTrainingConsents(new TestDbContextFactory(database), TimeProvider.System), ids);
    }

    [SkippableFact]
    public async Task No_choice_means_not_allowed_and_a_saved_choice_can_be_taken_back()
    {
        var (consents, users) = await ArrangeAsync(1);
        var alice = users[0];

        Assert.False(await consents.IsAllowedAsync(alice));
        await consents.SetAsync(alice, true);
        Assert.True(await consents.IsAllowedAsync(alice));
        await consents.SetAsync(alice, false);
        Assert.False(await consents.IsAllowedAsync(alice));
        Assert.False(await consents.IsAllowedAsync("nobody"));
    }

    [SkippableFact]
    public async Task Only_users_who_allowed_it_come_back_from_the_bulk_question_however_many_are_asked()
    {
        var (consents, users) = await ArrangeAsync(5);
        await consents.SetAsync(users[0], true);
        await consents.SetAsync(users[2], true);
        await consents.SetAsync(users[3], true);
        await consents.SetAsync(users[3], false);
        await consents.SetAsync(users[4], false);

        var asked = users.Concat(Enumerable.Range(0, 1200).Select(i => $"unknown-{i}")).Append(users[0]);
        var allowed = await consents.AllowedUsersAsync(asked);

        Assert.Equal(new[] { users[0], users[2] }.Order(), allowed.Order());
        Assert.Empty(await consents.AllowedUsersAsync([]));
    }

    [SkippableFact]
    public async Task Two_saves_at_the_same_moment_both_succeed_and_leave_one_row()
    {
        var (consents, users) = await ArrangeAsync(1);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => consents.SetAsync(users[0], true))));

        Assert.True(await consents.IsAllowedAsync(users[0]));
        await using var db = (await DatabaseAsync()).NewContext();
        Assert.Equal(1, db.ImageTrainingConsents.Count(c => c.UserId == users[0]));
    }
}

using Portal.Engine.ApiKeys;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.ApiKeys;

/// <summary>An API key's name is shown in the portal and in logs: one line of visible text.</summary>
public sealed class ApiKeyNameTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData("scan\u0000ner", "U+0000, character 5")]
    [InlineData("scanner\nbackup", "U+000A, character 8")]
    [InlineData("\u001b[31mred", "U+001B, character 1")]
    public async Task A_name_with_a_control_character_is_refused_and_no_key_is_made(string name, string where)
    {
        var keys = new ApiKeyService(new TestDbContextFactory(_database), new ApiKeyCache(), TimeProvider.System);
        var userId = (await ShopData.ShoppersAsync(_database, 1)).Single();

        var (created, error) = await keys.CreateAsync(userId, name);

        Assert.Null(created);
        Assert.Equal($"The name contains a control character ({where}); remove it, and any line breaks or tabs.", error);
        Assert.Empty(await keys.ListAsync(userId));
    }
}

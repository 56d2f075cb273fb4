using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Features.Images.Api;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// An archived original on the folder store, restored an hour after it is asked for: the image handler and the API
/// answer "being restored" (503, Retry-After) instead of failing, and a cached rendition of it is still served.
/// </summary>
public sealed class ArchivedOriginalTests(ArchivedOriginalTests.App app) : IClassFixture<ArchivedOriginalTests.App>
{
    public sealed class App() : PortalAppFixture(new Dictionary<string, string?> { ["ObjectStore:Lifecycle:FolderRestoreDelay"] = "01:00:00" });

    [Fact]
    public async Task The_image_handler_answers_503_with_retry_after_and_still_serves_cached_renditions()
    {
        var client = await app.ClientForAsync(Roles.Customer);
        var user = await DemoUserIdAsync(Roles.Customer);
        var image = await UploadAsync(user);
        var cached = $"/img/fit-in/40x40/{image.OriginalKey}";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(cached)).StatusCode);
        await ArchiveAsync(user, image.OriginalKey);

        var response = await client.GetAsync($"/img/fit-in/20x20/{image.OriginalKey}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(503, json.GetProperty("status").GetInt32());
        Assert.Equal(ImageErrorCodes.SourceArchived, json.GetProperty("code").GetString());
        Assert.Contains("being restored", json.GetProperty("message").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);

        var hit = await client.GetAsync(cached);
        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("hit", hit.Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
    }

    [Fact]
    public async Task The_api_answers_a_503_problem_with_retry_after_for_the_original()
    {
        var customer = await ImageApiClients.NewCustomerAsync(app.Factory);
        var image = await UploadAsync(customer.UserId);
        await ArchiveAsync(customer.UserId, image.OriginalKey);

        var response = await customer.Client.GetAsync($"/api/images/{image.Id}/original");

        var problem = await Problems.ReadAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("restore has started", problem.GetProperty("detail").GetString());
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
    }

    private async Task<string> DemoUserIdAsync(string role)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(role).Email))!.Id;
    }

    private async Task<ImageAsset> UploadAsync(string userId)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        using var bitmap = TestImages.Photo(64, 48);
        var result = await scope.ServiceProvider.GetRequiredService<ImageLibrary>().UploadAsync(userId, "archived.jpg", new MemoryStream(TestImages.Jpeg(bitmap)));
        Assert.True(result.Succeeded, result.Error);
        return result.Image!;
    }

    /// <summary>What the daily job does to an original past its days (the job itself is tested with a clock in Engine/Archival).</summary>
    private async Task ArchiveAsync(string userId, string key)
    {
        var location = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(userId).Locate(key);
        var later = DateTimeOffset.UtcNow.AddDays(1);
        Assert.True(await app.Factory.Services.GetRequiredService<FileSystemObjectStore>().ArchiveAsync(location.Bucket, location.Key, later, later));
    }
}

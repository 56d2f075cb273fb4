using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Models.Datasets;

/// <summary>The datasets pages and customers' thumbnails for analysts in the running app: only the Models area's roles get them.</summary>
public sealed class DatasetHttpTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("/models/datasets")]
    [InlineData("/models/datasets/product-categories")]
    [InlineData("/models/datasets/product-categories/label")]
    public async Task The_pages_render_for_an_analyst_and_not_for_a_customer(string path)
    {
        var analyst = await app.ClientForAsync(Roles.Analyst);
        var page = await analyst.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("access-denied", await page.Content.ReadAsStringAsync());

        var customer = await app.ClientForAsync(Roles.Customer);
        AssertAccessDenied(await customer.GetAsync(path));
    }

    [Fact]
    public async Task A_customers_thumbnail_is_served_to_analysts_only_while_its_owner_allows_training_and_an_unknown_one_is_a_problem()
    {
        var (image, owner) = await ReadyImageAsync();
        var url = Portal.Engine.Models.Datasets.ModelDatasets.CustomerThumbnailUrl(image);
        var consents = app.Factory.Services.GetRequiredService<Portal.Engine.Models.Consent.ImageTrainingConsents>();

        var analyst = await app.ClientForAsync(Roles.Analyst);
        await consents.SetAsync(owner, false);
        var refused = await analyst.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("allows training", await refused.Content.ReadAsStringAsync());

        await consents.SetAsync(owner, true);
        var served = await analyst.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/webp", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("thumbnail bytes", await served.Content.ReadAsStringAsync());
        Assert.True(served.Headers.CacheControl is { NoCache: true, Private: true }, served.Headers.CacheControl?.ToString());
        await consents.SetAsync(owner, false);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync(url)).StatusCode);

        var unknown = await analyst.GetAsync(Portal.Engine.Models.Datasets.ModelDatasets.CustomerThumbnailUrl(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var customer = await app.ClientForAsync(Roles.Customer);
        AssertAccessDenied(await customer.GetAsync(url));
    }

    private static void AssertAccessDenied(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString);
    }

    private async Task<(Guid Image, string Owner)> ReadyImageAsync()
    {
        var services = app.Factory.Services;
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var owner = await db.Users.Where(u => u.Email == Portal.Engine.Demo.DemoAccounts.For(Roles.Customer).Email).Select(u => u.Id).SingleAsync();
        var id = Guid.NewGuid();
        var thumbnail = $"renditions/{id:N}/thumb.webp";
        await services.GetRequiredService<CustomerImageSpaces>().For(owner)
            .PutAsync(thumbnail, new MemoryStream("thumbnail bytes"u8.ToArray()), "image/webp");
        db.Images.Add(new ImageAsset
        {
            Id = id, OwnerUserId = owner, OriginalKey = $"originals/{id:N}.jpg", FileName = "a.jpg", ContentType = "image/jpeg",
            Status = ImageStatus.Ready, ThumbnailKey = thumbnail,
        });
        await db.SaveChangesAsync();
        return (id, owner);
    }
}

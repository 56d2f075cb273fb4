using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The fast lane in front of the pipeline for repeats of public catalog renditions. Its photos are keyed to an item that
/// does not exist (<see cref="ItemId"/>), so no change notification of the app's own catalog forgets them mid-test; a
/// lane answer is told from the handler's by removing the photo behind the app's back (no notification): the handler
/// would answer 404, the lane still answers from memory until a notification (or the trust time) makes it look again.
/// </summary>
public sealed class CatalogFastLaneTests
{
    private const int ItemId = 987_654;

    private static PortalAppFactory App(params (string Key, string? Value)[] settings) => new(new Dictionary<string, string?>(
        settings.Select(s => KeyValuePair.Create(s.Key, s.Value)).Append(KeyValuePair.Create("Imaging:Handler:FastLaneSourceSeconds", (string?)"300"))));

    private static async Task<(CustomerImageSpace Space, string Key)> PhotoAsync(PortalAppFactory app, int width = 400)
    {
        var space = app.Services.GetRequiredService<CustomerImageSpaces>().For(CatalogPhotos.Space);
        var key = CatalogPhotos.NewKey(ItemId, "jpg");
        using var bitmap = TestImages.Photo(width, 300);
        await space.PutAsync(key, new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");
        return (space, key);
    }

    private static string Url(string key) => CatalogPhotos.Url(key, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize)!;

    /// <summary>What this instance's catalog feed would hear for the item once the change's notification arrived.</summary>
    private static void Announce(PortalAppFactory app, int itemId) =>
        app.Services.GetRequiredService<CatalogChangeFeed>().Publish(new CatalogChanged([itemId], "sam@portal.local"));

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }

    private static List<string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(", ", h.Value)}").Order(StringComparer.Ordinal).ToList();

    private static async Task SameAnswerAsync(HttpResponseMessage handler, HttpResponseMessage lane)
    {
        Assert.Equal(handler.StatusCode, lane.StatusCode);
        Assert.Equal(Headers(handler), Headers(lane));
        Assert.Equal(await handler.Content.ReadAsByteArrayAsync(), await lane.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_repeat_is_answered_by_the_lane_exactly_as_the_handler_answers_it_until_a_change_notification_names_the_item()
    {
        using var app = App();
        var (space, key) = await PhotoAsync(app);
        var client = SignedInClient.Anonymous(app);
        var url = Url(key);

        Assert.Equal("miss", (await client.GetAsync(url)).Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
        var handlerGet = await client.GetAsync(url); // a hit of the handler: hands its answer to the lane
        var laneGet = await client.GetAsync(url);
        await SameAnswerAsync(handlerGet, laneGet);
        Assert.Equal("hit", laneGet.Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
        Assert.Equal("nosniff", laneGet.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("image/jpeg", laneGet.Content.Headers.ContentType!.MediaType);

        Announce(app, ItemId); // forgets the version: the next request is the handler's, which looks the photo up again
        var handlerHead = await SendAsync(client, HttpMethod.Head, url);
        var laneHead = await SendAsync(client, HttpMethod.Head, url);
        await SameAnswerAsync(handlerHead, laneHead);
        Assert.Equal(handlerGet.Content.Headers.ContentLength, laneHead.Content.Headers.ContentLength);

        var etag = handlerGet.Headers.ETag!.Tag;
        Announce(app, ItemId);
        var handler304 = await SendAsync(client, HttpMethod.Get, url, $"\"other\", {etag}");
        var lane304 = await SendAsync(client, HttpMethod.Get, url, $"\"other\", {etag}");
        Assert.Equal(HttpStatusCode.NotModified, lane304.StatusCode);
        await SameAnswerAsync(handler304, lane304);

        await RenditionCache.DeleteSourceAsync(space, key, CancellationToken.None); // behind the app's back: no notification
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode); // only the lane can still answer this
        Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(client, HttpMethod.Get, url, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Get, url, "\"another\"")).StatusCode); // not sure: the handler's

        Announce(app, ItemId + 1); // another item's change leaves this photo's version alone
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        Announce(app, ItemId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_photo_replaced_under_the_same_key_is_answered_anew_once_its_change_is_heard()
    {
        using var app = App();
        var (space, key) = await PhotoAsync(app, width: 400);
        var client = SignedInClient.Anonymous(app);
        var url = Url(key);
        await client.GetAsync(url);
        var before = await client.GetAsync(url);

        // Replaced as the store would be: the renditions of the old one go too (keys are new per upload in the portal).
        await RenditionCache.DeleteAllUnderAsync(space, key, CancellationToken.None);
        using (var other = TestImages.Photo(200, 300))
            await space.PutAsync(key, new MemoryStream(TestImages.Jpeg(other)), "image/jpeg");
        Assert.Equal(await before.Content.ReadAsByteArrayAsync(), await (await client.GetAsync(url)).Content.ReadAsByteArrayAsync()); // the lane's
        Announce(app, ItemId);

        var after = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.NotEqual(await before.Content.ReadAsByteArrayAsync(), await after.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Private_img_answers_never_come_from_the_lane()
    {
        using var app = App();
        await using var scope = app.Services.CreateAsyncScope();
        var customer = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Portal.Engine.Identity.PortalUser>>()
            .FindByEmailAsync(Portal.Engine.Demo.DemoAccounts.For(Portal.Engine.Identity.Roles.Customer).Email);
        var space = app.Services.GetRequiredService<CustomerImageSpaces>().For(customer!.Id);
        const string key = "originals/private.jpg";
        using (var bitmap = TestImages.Photo(400, 300))
            await space.PutAsync(key, new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");
        var client = await SignedInClient.ForRoleAsync(app, Portal.Engine.Identity.Roles.Customer);
        var url = $"/img/fit-in/{CatalogPhotos.PhotoSize}x{CatalogPhotos.PhotoSize}/{key}";

        await client.GetAsync(url);
        Assert.Equal("hit", (await client.GetAsync(url)).Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
        Assert.Equal("hit", (await client.GetAsync(url)).Headers.GetValues(ImageHandler.CacheStatusHeader).Single());
        await RenditionCache.DeleteSourceAsync(space, key, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedInClient.Anonymous(app).GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task With_signing_the_lane_repeats_only_the_exact_signed_url_and_never_an_expiring_one()
    {
        using var app = App(("Imaging:Handler:SigningSecret", "a-signing-secret-of-some-length"));
        var (space, key) = await PhotoAsync(app);
        var signer = app.Services.GetRequiredService<ImageUrlSigner>();
        var client = SignedInClient.Anonymous(app);
        var signed = signer.Sign(Url(key));
        var expiring = signer.Sign($"{Url(key)}?expires={DateTime.UtcNow.AddHours(1):yyyyMMdd'T'HHmmss'Z'}");
        foreach (var url in new[] { signed, signed, expiring, expiring })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        await RenditionCache.DeleteSourceAsync(space, key, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(signed)).StatusCode); // the lane
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(expiring)).StatusCode); // the handler
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(Url(key))).StatusCode); // unsigned
        var tampered = signed[..^4] + (signed.EndsWith("0000") ? "1111" : "0000");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task The_lane_limits_each_client_address_with_the_image_handlers_429()
    {
        using var app = App(("RateLimits:ImagesPerCaller", "3"));
        var (_, key) = await PhotoAsync(app);
        var client = SignedInClient.Anonymous(app);
        var url = Url(key);
        await client.GetAsync(url); // the handler's: 1 of its 3
        await client.GetAsync(url); // the handler's: 2 of its 3

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode); // the lane's 3
        var refused = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("no-store", refused.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Equal(Portal.Composition.RateLimits.RateLimitRejection.ImageHandlerCode, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cross_origin_and_range_requests_take_the_handlers_path()
    {
        using var app = App();
        var (space, key) = await PhotoAsync(app);
        var client = SignedInClient.Anonymous(app);
        var url = Url(key);
        await client.GetAsync(url);
        await client.GetAsync(url);
        await RenditionCache.DeleteSourceAsync(space, key, CancellationToken.None);

        foreach (var (name, value) in new[] { ("Origin", "https://elsewhere.example"), ("Range", "bytes=0-10"), ("If-Modified-Since", "Sun, 06 Dec 2026 00:00:00 GMT") })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation(name, value);
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }
}

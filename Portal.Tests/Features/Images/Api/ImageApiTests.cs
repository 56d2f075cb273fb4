using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Features.Images.Api.ImageApiClients;

namespace Portal.Tests.Features.Images.Api;

/// <summary>The image API as a customer's own script uses it: a personal access token, upload, read, list, delete.</summary>
public sealed class ImageApiTests(ImageApiApp app) : IClassFixture<ImageApiApp>
{
    private static readonly string[] Accepted = ["Uploaded", "Processing", "Ready"];

    private async Task<(ApiCustomer Customer, JsonElement Image, HttpResponseMessage Response)> UploadAsync(ApiCustomer? customer = null, string name = "photo.jpg")
    {
        customer ??= await NewCustomerAsync(app.Factory);
        var response = await customer.Client.PostAsync("/api/images", Form(Jpeg(), name));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (customer, await response.Content.ReadFromJsonAsync<JsonElement>(), response);
    }

    [Fact]
    public async Task An_upload_with_a_token_is_202_with_id_status_and_location_and_reads_back()
    {
        var (customer, image, response) = await UploadAsync(name: "holiday.jpg");

        var id = image.GetProperty("id").GetGuid();
        Assert.Equal($"/api/images/{id}", response.Headers.Location!.OriginalString);
        Assert.Contains(image.GetProperty("status").GetString(), Accepted);
        Assert.Equal("holiday.jpg", image.GetProperty("fileName").GetString());

        var read = await customer.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal(id, read.GetProperty("id").GetGuid());
        Assert.Contains(read.GetProperty("status").GetString(), Accepted);
        Assert.Equal("image/jpeg", read.GetProperty("contentType").GetString());

        var original = await customer.Client.GetAsync(read.GetProperty("originalUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal(image.GetProperty("sizeBytes").GetInt64(), (await original.Content.ReadAsByteArrayAsync()).LongLength);
    }

    [Fact]
    public async Task The_signed_in_session_can_upload_too_but_not_from_another_site()
    {
        var session = await SignedInClient.ForRoleAsync(app.Factory, Roles.Customer);
        var response = await session.PostAsync("/api/images", Form(Jpeg()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(response.Headers.Location)).StatusCode);

        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/images") { Content = Form(Jpeg()) };
        crossSite.Headers.Add("Origin", "https://elsewhere.example");
        var problem = await Problems.ReadAsync(await session.SendAsync(crossSite), HttpStatusCode.Forbidden);
        Assert.Contains("https://elsewhere.example", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_credentials_or_with_an_unknown_token_it_is_401_problem_naming_the_token()
    {
        var anonymous = SignedInClient.Anonymous(app.Factory);
        var problem = await Problems.ReadAsync(await anonymous.GetAsync("/api/images"), HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer pat_", problem.GetProperty("detail").GetString());

        var unknown = await Bearer(app.Factory, "pat_0123456789_not-a-real-secret").GetAsync("/api/images");
        Assert.Contains("Bearer", unknown.Headers.WwwAuthenticate.ToString());
        Assert.Contains("not one the portal issued", (await Problems.ReadAsync(unknown, HttpStatusCode.Unauthorized)).GetProperty("detail").GetString());
        await Problems.ReadAsync(await Bearer(app.Factory, "garbage").PostAsync("/api/images", Form(Jpeg())), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_token_is_401_and_says_so()
    {
        var customer = await NewCustomerAsync(app.Factory);
        Assert.Equal(HttpStatusCode.OK, (await customer.Client.GetAsync("/api/images")).StatusCode);

        await ApiTokens.RevokeAsync(app.Factory, customer);

        var problem = await Problems.ReadAsync(await customer.Client.GetAsync("/api/images"), HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_expired_token_is_401_and_says_so()
    {
        var customer = await NewCustomerAsync(app.Factory, expiresAt: DateTime.UtcNow.AddDays(1));
        await ApiTokens.ExpireAsync(app.Factory, customer);

        var problem = await Problems.ReadAsync(await customer.Client.GetAsync("/api/images"), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_users_image_is_404_to_read_download_and_delete_and_not_listed()
    {
        var (_, image, response) = await UploadAsync();
        var id = image.GetProperty("id").GetGuid();
        var stranger = await NewCustomerAsync(app.Factory);

        foreach (var url in new[] { response.Headers.Location!.OriginalString, $"/api/images/{id}/original" })
            Assert.Contains(id.ToString(), (await Problems.ReadAsync(await stranger.Client.GetAsync(url), HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        await Problems.ReadAsync(await stranger.Client.DeleteAsync($"/api/images/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await stranger.Client.GetFromJsonAsync<JsonElement>("/api/images")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_list_pages_newest_first_and_links_the_next_page()
    {
        var customer = await NewCustomerAsync(app.Factory);
        foreach (var name in new[] { "a.jpg", "b.jpg", "c.jpg" }) await UploadAsync(customer, name);

        var first = await customer.Client.GetFromJsonAsync<JsonElement>("/api/images?pageSize=2");
        Assert.Equal((3, 1, 2), (first.GetProperty("total").GetInt32(), first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32()));
        Assert.Equal(["c.jpg", "b.jpg"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fileName").GetString()));
        Assert.Equal("/api/images?page=2&pageSize=2", first.GetProperty("next").GetString());

        var second = await customer.Client.GetFromJsonAsync<JsonElement>(first.GetProperty("next").GetString());
        Assert.Equal(["a.jpg"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("fileName").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData(21474838)] // x 100 overflows an int
    [InlineData(int.MaxValue)]
    public async Task A_far_page_is_an_empty_page_not_a_500_or_the_first_page(int page)
    {
        var (customer, _, _) = await UploadAsync();

        var response = await customer.Client.GetAsync($"/api/images?page={page}&pageSize=100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(body.GetProperty("items").EnumerateArray());
        Assert.Equal((1, page), (body.GetProperty("total").GetInt32(), body.GetProperty("page").GetInt32()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task A_page_out_of_range_is_400_at_the_field(string query, string field)
    {
        var customer = await NewCustomerAsync(app.Factory);
        var problem = await Problems.ReadAsync(await customer.Client.GetAsync($"/api/images?{query}"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Delete_is_204_then_the_image_is_gone()
    {
        var (customer, image, response) = await UploadAsync();
        var url = response.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NoContent, (await customer.Client.DeleteAsync(url)).StatusCode);
        await Problems.ReadAsync(await customer.Client.GetAsync(url), HttpStatusCode.NotFound);
        await Problems.ReadAsync(await customer.Client.DeleteAsync(url), HttpStatusCode.NotFound);
        Assert.Equal(0, (await customer.Client.GetFromJsonAsync<JsonElement>("/api/images")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_problem_naming_the_limit()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var problem = await Problems.ReadAsync(await customer.Client.PostAsync("/api/images", Form(new byte[ImageApiApp.MaxUploadBytes + 1])), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("200 KB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Something_that_is_not_an_image_is_415_naming_the_accepted_formats()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var problem = await Problems.ReadAsync(
            await customer.Client.PostAsync("/api/images", Form(Encoding.UTF8.GetBytes("just some text, not a picture"), "notes.jpg")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Accepted formats", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_damaged_or_empty_image_is_400_and_a_body_that_is_not_multipart_is_415()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var jpeg = Jpeg();
        await Problems.ReadAsync(await customer.Client.PostAsync("/api/images", Form(jpeg[..(jpeg.Length / 3)])), HttpStatusCode.BadRequest);
        var empty = await Problems.ReadAsync(await customer.Client.PostAsync("/api/images", Form([])), HttpStatusCode.BadRequest);
        Assert.Contains("empty", empty.GetProperty("detail").GetString());
        await Problems.ReadAsync(await customer.Client.PostAsJsonAsync("/api/images", new { file = "x" }), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, (await customer.Client.GetFromJsonAsync<JsonElement>("/api/images")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_file_in_another_field_is_400_naming_the_field()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var problem = await Problems.ReadAsync(await customer.Client.PostAsync("/api/images", Form(Jpeg(), field: "image")), HttpStatusCode.BadRequest);
        Assert.Contains("\"file\"", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Tokens_and_logistics_keys_each_open_only_their_own_api()
    {
        var customer = await NewCustomerAsync(app.Factory);
        var asLogisticsKey = ApiKeys.Client(app.Factory, customer.Token.Secret);
        Assert.Contains("The key is a personal access token", (await Problems.ReadAsync(await asLogisticsKey.GetAsync("/api/logistics/orders"), HttpStatusCode.Unauthorized))
            .GetProperty("detail").GetString());

        var logisticsKey = await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics);
        var problem = await Problems.ReadAsync(await Bearer(app.Factory, logisticsKey.Secret).GetAsync("/api/images"), HttpStatusCode.Unauthorized);
        Assert.Contains("The key is a logistics API key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_of_a_user_without_images_is_403()
    {
        var logistics = await NewCustomerAsync(app.Factory, Roles.Logistics);
        await Problems.ReadAsync(await logistics.Client.GetAsync("/api/images"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_with_its_token_and_multipart_upload()
    {
        var document = await SignedInClient.Anonymous(app.Factory).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("PersonalAccessToken").GetProperty("scheme").GetString());
        var post = document.GetProperty("paths").GetProperty("/api/images").GetProperty("post");
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        foreach (var status in new[] { "202", "400", "401", "413", "415" }) Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), status);
        Assert.True(post.GetProperty("security")[0].TryGetProperty("PersonalAccessToken", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/images/{id}", out _));
    }
}

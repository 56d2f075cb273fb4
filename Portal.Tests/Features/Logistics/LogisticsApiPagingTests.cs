using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>The logistics list counts pages from 1, as the portal does; page=0 still works, marked deprecated.</summary>
public sealed class LogisticsApiPagingTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private async Task<HttpClient> ClientAsync() =>
        ApiKeys.Client(app.Factory, (await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics)).Secret);

    private static async Task<(int[] Ids, int Page)> ReadAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToArray(), body.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task Page_1_is_the_first_page_and_page_2_the_next()
    {
        var client = await ClientAsync();
        var (unpaged, _) = await ReadAsync(await client.GetAsync("/api/logistics/orders?status=Paid,Shipped,Completed&pageSize=4"));
        var (first, firstNumber) = await ReadAsync(await client.GetAsync("/api/logistics/orders?status=Paid,Shipped,Completed&pageSize=4&page=1"));
        var (second, secondNumber) = await ReadAsync(await client.GetAsync("/api/logistics/orders?status=Paid,Shipped,Completed&pageSize=4&page=2"));

        Assert.Equal(4, first.Length);
        Assert.Equal(unpaged, first);
        Assert.Equal((1, 2), (firstNumber, secondNumber));
        Assert.NotEmpty(second);
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public async Task Page_0_still_means_the_first_page_with_a_deprecation_notice()
    {
        var client = await ClientAsync();
        var current = await client.GetAsync("/api/logistics/orders?status=Paid,Shipped&pageSize=3&page=1");
        var deprecated = await client.GetAsync("/api/logistics/orders?status=Paid,Shipped&pageSize=3&page=0");

        Assert.Equal((await ReadAsync(current)).Ids, (await ReadAsync(deprecated)).Ids);
        Assert.False(current.Headers.Contains("Deprecation"));
        Assert.Matches(@"^@\d+$", Assert.Single(deprecated.Headers.GetValues("Deprecation")));
        Assert.Contains("pages start at 1", Assert.Single(deprecated.Headers.GetValues("Warning")));
    }

    [Fact]
    public async Task A_negative_page_is_a_problem_that_says_where_pages_start()
    {
        var client = await ClientAsync();
        var problem = await Problems.ReadAsync(await client.GetAsync("/api/logistics/orders?page=-1"), HttpStatusCode.BadRequest);
        Assert.Equal("page starts at 1.", problem.GetProperty("errors").GetProperty("page")[0].GetString());
    }

    [Fact]
    public async Task The_api_description_says_pages_start_at_1_and_page_0_is_deprecated()
    {
        var document = await SignedInClient.Anonymous(app.Factory).GetStringAsync("/openapi/v1.json");
        Assert.Contains("page starts at 1", document);
        Assert.Contains("page=0 is deprecated", document);
    }
}

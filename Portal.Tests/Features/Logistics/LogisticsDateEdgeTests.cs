using System.Net;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>
/// The logistics list's date filters at the calendar's edges: a whole-day <c>to</c> on 9999-12-31 has no next day,
/// 0001-01-01 has no day before, and offsets can push an instant past either end. Valid edges answer 200; instants
/// outside the calendar are a 400 problem; nothing is a 500.
/// </summary>
public sealed class LogisticsDateEdgeTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("to=9999-12-31")]
    [InlineData("from=9999-12-31&to=9999-12-31")]
    [InlineData("from=0001-01-01")]
    [InlineData("to=0001-01-01")]
    [InlineData("from=0001-01-01&to=0001-01-01")]
    [InlineData("from=0001-01-01&to=9999-12-31")]
    [InlineData("to=9999-12-31T23:59:59.9999999Z")]
    [InlineData("from=0001-01-01T00:00:00Z")]
    [InlineData("from=9999-12-31T23:59:59Z&to=9999-12-31")]
    [InlineData("from=0001-01-01T05:00:00%2B05:00&to=0001-01-02")]
    [InlineData("to=0001-01-01T00:00:00-01:00")]
    [InlineData("from=9999-12-31T23:00:00%2B01:00")]
    public async Task Dates_at_the_calendars_edges_are_answered(string query)
    {
        var client = await app.ClientForAsync(Roles.Logistics);
        var response = await client.GetAsync($"/api/logistics/orders?status=Paid,Shipped,Completed&{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("to=10000-01-01")]
    [InlineData("from=0000-12-31")]
    [InlineData("to=9999-13-01")]
    [InlineData("from=-0001-01-01")]
    public async Task Instants_outside_the_calendar_are_a_400_problem(string query)
    {
        var client = await app.ClientForAsync(Roles.Logistics);
        var problem = await Problems.ReadAsync(await client.GetAsync($"/api/logistics/orders?{query}"), HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    /// <summary>An offset can push an instant past either end of the calendar: it is read at the end or refused, never a 500.</summary>
    [Theory]
    [InlineData("to=9999-12-31T23:00:00-05:00")]
    [InlineData("from=0001-01-01T00:00:00%2B01:00")]
    [InlineData("from=0001-01-01T00:00:00%2B14:00&to=9999-12-31T23:59:59-14:00")]
    public async Task Offsets_past_the_calendars_edges_are_never_a_500(string query)
    {
        var client = await app.ClientForAsync(Roles.Logistics);
        var response = await client.GetAsync($"/api/logistics/orders?{query}");
        if (response.StatusCode != HttpStatusCode.OK) await Problems.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_last_day_includes_its_last_instant()
    {
        var client = await app.ClientForAsync(Roles.Logistics);
        var problem = await Problems.ReadAsync(
            await client.GetAsync("/api/logistics/orders?from=9999-12-31T23:59:59Z&to=9999-12-31T00:00:00Z"), HttpStatusCode.BadRequest);
        Assert.Contains("'to' must be after 'from'", problem.GetRawText());
    }
}

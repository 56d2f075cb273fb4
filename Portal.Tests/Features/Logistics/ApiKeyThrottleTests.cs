using System.Net;
using System.Net.Http.Json;
using System.Text;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>
/// The key-guessing throttle counts only keys that are unknown or revoked: a working key sent to a route that does not
/// take keys, or with a body the route cannot read, is no guess and must not use up the address's allowance.
/// </summary>
public sealed class ApiKeyThrottleTests : IDisposable
{
    private const int Allowance = 3;

    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["Logistics:Api:FailedKeyAttemptsPerWindow"] = Allowance.ToString(),
        ["Logistics:Api:WindowSeconds"] = "3600",
    });

    [Fact]
    public async Task A_working_key_on_a_route_or_body_it_does_not_fit_is_not_a_failed_attempt()
    {
        var key = ApiKeys.Client(_factory, (await ApiKeys.CreateForRoleAsync(_factory, Roles.Logistics)).Secret);
        for (var i = 0; i < Allowance + 2; i++)
        {
            // The catalog's write API and the account endpoint take cookies only: 401, but the key itself is fine.
            Assert.Equal(HttpStatusCode.Unauthorized, (await key.PostAsJsonAsync("/api/catalog", new { name = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/api/account/me")).StatusCode);
            // A body the shipment route cannot read.
            var wrongType = await key.PostAsync("/api/logistics/orders/1/shipment", new StringContent("carrier=DHL", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        }

        // The allowance is untouched: a wrong key still gets its plain 401, not 429.
        var guesser = ApiKeys.Client(_factory, "ptl_0123456789_guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/logistics/orders")).StatusCode);
    }

    [Fact]
    public async Task Unknown_keys_still_count_and_the_refusal_says_when_to_retry()
    {
        var guesser = ApiKeys.Client(_factory, "ptl_0123456789_guess");
        for (var i = 0; i < Allowance; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/logistics/orders")).StatusCode);

        var refused = await guesser.GetAsync("/api/logistics/orders");
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        var seconds = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, 3600);
        Assert.Contains($"retry after {seconds} s", problem.GetProperty("detail").GetString());
    }

    public void Dispose() => _factory.Dispose();
}

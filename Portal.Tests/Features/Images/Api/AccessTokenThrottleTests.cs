using System.Net;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Features.Images.Api.ImageApiClients;

namespace Portal.Tests.Features.Images.Api;

/// <summary>
/// Guessing personal access tokens is throttled per address like guessing logistics keys (one allowance for both):
/// unknown, revoked and expired tokens count, a working token does not, and one in use is not locked out by the guessing.
/// </summary>
public sealed class AccessTokenThrottleTests : IDisposable
{
    private const int Allowance = 3;

    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["Logistics:Api:FailedKeyAttemptsPerWindow"] = Allowance.ToString(),
        ["Logistics:Api:WindowSeconds"] = "3600",
    });

    [Fact]
    public async Task Failed_tokens_use_up_the_allowance_then_429_with_retry_after_but_a_token_in_use_still_works()
    {
        var customer = await NewCustomerAsync(_factory);
        for (var i = 0; i < Allowance + 2; i++) Assert.Equal(HttpStatusCode.OK, (await customer.Client.GetAsync("/api/images")).StatusCode);

        var revoked = await NewCustomerAsync(_factory);
        await ApiTokens.RevokeAsync(_factory, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.Client.GetAsync("/api/images")).StatusCode);
        var guesser = Bearer(_factory, "pat_0123456789_guess");
        for (var i = 1; i < Allowance; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/images")).StatusCode);

        var refused = await guesser.GetAsync("/api/images");
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        var seconds = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Contains($"retry after {seconds} s", problem.GetProperty("detail").GetString());
        // Logistics keys share the address's allowance.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiKeys.Client(_factory, "ptl_0123456789_guess").GetAsync("/api/logistics/orders")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await customer.Client.GetAsync("/api/images")).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}

/// <summary>Each token has its own allowance of requests per window; past it, 429 with Retry-After, and other tokens go on.</summary>
public sealed class AccessTokenRateLimitTests : IDisposable
{
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["Images:Api:PermitsPerWindow"] = "2",
        ["Images:Api:WindowSeconds"] = "3600",
    });

    [Fact]
    public async Task A_token_past_its_allowance_gets_429_and_another_token_is_not_held_up()
    {
        var busy = await NewCustomerAsync(_factory);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await busy.Client.GetAsync("/api/images")).StatusCode);
        var refused = await busy.Client.GetAsync("/api/images");
        await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);

        var other = await NewCustomerAsync(_factory);
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync("/api/images")).StatusCode);
    }

    [Fact]
    public void A_setting_out_of_range_is_named_at_start()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Images:Api:PermitsPerWindow"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Images:Api:PermitsPerWindow", error.ToString());
    }

    public void Dispose() => _factory.Dispose();
}

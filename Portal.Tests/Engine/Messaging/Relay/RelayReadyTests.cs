using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Relay;

/// <summary>The whole app: while its event log cannot be reached, /health/ready says Degraded (still 200), and Healthy once all drained.</summary>
public sealed class RelayReadyTests : IDisposable
{
    private readonly Factory _factory = new();

    [Fact]
    public async Task Ready_is_degraded_while_the_log_is_down_and_healthy_again_when_the_outbox_has_drained()
    {
        var client = SignedInClient.Anonymous(_factory);
        Assert.Equal("Healthy", await ReadyAsync(client));
        var log = _factory.Services.GetRequiredService<RelayTestLog>();
        log.Down = true;

        // A shopper's page view waits in the outbox; the app's relay cannot publish it.
        await _factory.Services.GetRequiredService<ActivityRecorder>().ProductViewedAsync("user-1", 1);
        await Eventually(async () => await ReadyAsync(client) == "Degraded");
        Assert.Empty(log.Stored);

        log.Down = false;
        await Eventually(async () => await ReadyAsync(client) == "Healthy");
        Assert.Contains(log.Stored, m => m.Headers["ce_type"] == "portal.activity.product-viewed.v1");
    }

    private static async Task<string> ReadyAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // Degraded is not a reason to take the instance out
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Waits for the app's relay to get there (a generous bound, not a timing assertion).</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The app's relay did not get there within 90 s.");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>The app with its embedded log behind a switch the test can turn off, and a relay that retries quickly.</summary>
    private sealed class Factory() : PortalAppFactory(new Dictionary<string, string?>
    {
        ["Events:Relay:MinBackoff"] = "00:00:00.050",
        ["Events:Relay:MaxBackoff"] = "00:00:00.200",
    })
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(sp => new RelayTestLog(sp.GetRequiredService<EmbeddedEventLog>()));
                services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<RelayTestLog>());
            });
        }
    }
}

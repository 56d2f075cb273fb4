using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>
/// A client that gives up (timeout, dropped connection) just after its shipment was committed, and retries with the
/// same Idempotency-Key, gets the first answer, not a 409 "already shipped" for its own shipment.
/// </summary>
public sealed class IdempotentRetryAfterTimeoutTests : IDisposable
{
    private readonly PauseAfterShipmentCommit _pause = new();
    private readonly Factory _factory;

    public IdempotentRetryAfterTimeoutTests() => _factory = new Factory(_pause);

    [Fact]
    public async Task A_retry_after_the_client_gave_up_gets_the_first_answer_not_a_409()
    {
        var client = ApiKeys.Client(_factory, (await ApiKeys.CreateForRoleAsync(_factory, Roles.Logistics)).Secret);
        var orderId = await PaidOrderIdAsync();
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Ship() => new(HttpMethod.Post, $"/api/logistics/orders/{orderId}/shipment")
        {
            Content = JsonContent.Create(new { carrier = "DHL", trackingNumber = "JJD0001" }),
            Headers = { { "Idempotency-Key", key } },
        };

        // First attempt: the client times out just after the shipment was committed.
        using var timeout = new CancellationTokenSource();
        _pause.Arm();
        var first = client.SendAsync(Ship(), timeout.Token);
        Assert.True(await _pause.Committed.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        timeout.Cancel();
        _pause.Release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await _pause.Done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(500); // let the server finish its side of the aborted request

        await using (var scope = _factory.Services.CreateAsyncScope())
            Assert.Equal(OrderStatus.Shipped, (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Orders.SingleAsync(o => o.Id == orderId)).Status);

        // The retry, same key, same body.
        var retry = await client.SendAsync(Ship());
        Assert.True(retry.StatusCode == HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
    }

    private async Task<int> PaidOrderIdAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Orders.Where(o => o.Status == OrderStatus.Paid).OrderByDescending(o => o.Id).Select(o => o.Id).FirstAsync();
    }

    public void Dispose() => _factory.Dispose();

    private sealed class Factory(PauseAfterShipmentCommit pause) : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<SqlitePortalDbContext>(o => o.AddInterceptors(pause)));
        }
    }

    /// <summary>Holds the request right after the transaction that recorded a shipment commits, once armed.</summary>
    private sealed class PauseAfterShipmentCommit : DbTransactionInterceptor
    {
        private volatile bool _armed;
        private readonly SemaphoreSlim _release = new(0);
        public TaskCompletionSource<bool> Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm() => _armed = true;
        public void Release() => _release.Release();

        public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (_armed && eventData.Context is { } context && context.ChangeTracker.Entries<AuditEntry>().Any(e => e.Entity.Action == "Shipped"))
            {
                _armed = false;
                Committed.TrySetResult(true);
                await _release.WaitAsync(TimeSpan.FromSeconds(20));
                await Task.Delay(200); // the abort reaches the request's token
                Done.TrySetResult();
            }
        }
    }
}

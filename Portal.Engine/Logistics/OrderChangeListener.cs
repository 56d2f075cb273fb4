using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Engine.Data;

namespace Portal.Engine.Logistics;

/// <summary>
/// Keeps the <see cref="OrderReadCache"/> honest on PostgreSQL: LISTENs on <see cref="Channel"/>, where the
/// database's own triggers announce every committed change to an order, its lines or its customer (from any
/// instance, or from SQL by hand), and evicts what changed. The cache is live only while the listening
/// connection is up; when it drops, the cache goes dark and is emptied, and it reconnects with back-off.
/// On SQLite (one instance, no notifications) it does nothing and the cache stays dark.
/// </summary>
public sealed class OrderChangeListener(
    OrderReadCache cache,
    IOptions<DatabaseOptions> database,
    IOptions<OrderReadCacheOptions> options,
    ILogger<OrderChangeListener> logger) : BackgroundService
{
    /// <summary>The notification channel; the payload is <c>o:{orderId}</c>, <c>c:{customerId}</c> or <c>*</c> (a table was truncated).</summary>
    public const string Channel = "portal_order_changes";

    private long _connections;

    /// <summary>How many times listening started; a test waits on it after breaking the connection.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.Value.IsPostgres || !options.Value.Enabled) return;
        var connectionString = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 10, // a dead server or a killed backend is noticed while waiting, not at the next change
            ApplicationName = "portal-order-change-listener",
        }.ConnectionString;

        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            var connectionsBefore = Connections;
            try
            {
                await ListenAsync(connectionString, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                cache.GoDark();
                if (Connections != connectionsBefore) delay = TimeSpan.FromSeconds(1);
                logger.LogWarning(error, "Order change notifications stopped; order reads go to the database until listening resumes in {Delay}.", delay);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
        cache.GoDark();
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) => Apply(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        cache.GoLive();
        Interlocked.Increment(ref _connections);
        logger.LogInformation("Listening for order changes; order reads are served from memory.");
        try
        {
            while (true) await connection.WaitAsync(stoppingToken);
        }
        finally
        {
            cache.GoDark();
        }
    }

    private void Apply(string payload)
    {
        if (payload == "*") { cache.ForgetAll(); return; }
        if (payload.Length > 2 && int.TryParse(payload.AsSpan(2), out var id))
        {
            if (payload.StartsWith("o:", StringComparison.Ordinal)) { cache.Invalidate(id); return; }
            if (payload.StartsWith("c:", StringComparison.Ordinal)) { cache.InvalidateCustomer(id); return; }
        }
        logger.LogWarning("Unexpected order change notification '{Payload}'; forgetting every cached order.", payload);
        cache.ForgetAll();
    }
}

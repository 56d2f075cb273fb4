using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Portal.Engine.Data;

/// <summary>
/// On PostgreSQL, LISTENs on <see cref="Channel"/>, where the database's own triggers announce committed
/// changes to the rows other parts of the app keep copies of (orders, their lines and customers, API keys,
/// users' roles), whoever made them: this instance, another one behind the load balancer, or SQL by hand.
/// Each change goes to every <see cref="IDatabaseChangeSubscriber"/>. When the connection drops they are told,
/// and it reconnects with back-off. On SQLite (one instance, no notifications) it does nothing.
/// </summary>
public sealed class DatabaseChangeListener(
    IEnumerable<IDatabaseChangeSubscriber> subscribers,
    IOptions<DatabaseOptions> database,
    ILogger<DatabaseChangeListener> logger) : BackgroundService
{
    /// <summary>The notification channel; the payload is <c>{table}:{key}</c> (see <see cref="DatabaseChange"/>).</summary>
    public const string Channel = "portal_changes";
    public const string ApplicationName = "portal-change-listener";

    private readonly IDatabaseChangeSubscriber[] _subscribers = [.. subscribers];

    /// <summary>How long the connection may stay quiet before it is pinged, and how long the ping may take.</summary>
    internal TimeSpan PingEvery { get; init; } = TimeSpan.FromSeconds(10);
    internal TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(5);
    private long _connections;

    /// <summary>How many times listening started; a test waits on it after breaking the connection.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.Value.IsPostgres || _subscribers.Length == 0) return;
        var connectionString = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
        {
            Pooling = false,
            ApplicationName = ApplicationName,
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
                if (Connections != connectionsBefore) delay = TimeSpan.FromSeconds(1);
                logger.LogWarning(error, "Database change notifications stopped; cached rows are not served until listening resumes in {Delay}.", delay);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        var dead = false;
        try
        {
            connection.Notification += (_, notification) => Dispatch(notification.Payload);
            await connection.OpenAsync(stoppingToken);
            await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                await listen.ExecuteNonQueryAsync(stoppingToken);
            foreach (var subscriber in _subscribers) subscriber.Listening();
            Interlocked.Increment(ref _connections);
            logger.LogInformation("Listening for database changes on {Channel}.", Channel);
            try
            {
                // A quiet connection is pinged: a link that died without a word (a NAT or firewall dropping it) would
                // otherwise look like a quiet database forever, and the caches would serve copies nobody keeps current.
                while (true)
                {
                    if (await connection.WaitAsync(PingEvery, stoppingToken)) continue;
                    logger.LogDebug("No change for {Quiet}; pinging the listening connection.", PingEvery);
                    dead = !await AnswersPingAsync(connection, stoppingToken);
                    if (dead) throw new TimeoutException($"The listening connection did not answer a ping within {PingTimeout.TotalSeconds:0.#} s.");
                }
            }
            finally
            {
                foreach (var subscriber in _subscribers) subscriber.NotListening();
            }
        }
        finally
        {
            // Closing a dead link waits for Npgsql's own read timeout: let that happen aside, and reconnect now.
            if (dead) _ = Task.Run(() => connection.DisposeAsync().AsTask());
            else await connection.DisposeAsync();
        }
    }

    private async Task<bool> AnswersPingAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        var ping = new NpgsqlCommand("SELECT 1", connection);
        // Npgsql can hold the calling thread on a dead link before it hands back a task, so the clock runs beside it.
        var answered = Task.Run(() => ping.ExecuteScalarAsync(stoppingToken), stoppingToken);
        if (await Task.WhenAny(answered, Task.Delay(PingTimeout, stoppingToken)) == answered)
        {
            await answered;
            await ping.DisposeAsync();
            return true;
        }
        _ = answered.ContinueWith(_ => ping.DisposeAsync(), TaskScheduler.Default); // its failure is expected and of no interest
        return false;
    }

    private void Dispatch(string payload)
    {
        if (DatabaseChange.Parse(payload) is { } change)
        {
            foreach (var subscriber in _subscribers) subscriber.Changed(change);
            return;
        }
        // Not ours to understand: behave as after a gap in listening.
        logger.LogWarning("Unexpected database change notification '{Payload}'; subscribers forget what they hold.", payload);
        foreach (var subscriber in _subscribers) subscriber.Listening();
    }
}

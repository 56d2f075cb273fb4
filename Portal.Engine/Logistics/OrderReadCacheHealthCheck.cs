using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;

namespace Portal.Engine.Logistics;

/// <summary>
/// Degraded while an instance on PostgreSQL is not hearing order change notifications: it still answers
/// correctly (reads go to the database), just slower, so operators should look but the load balancer need not.
/// </summary>
public sealed class OrderReadCacheHealthCheck(OrderReadCache cache, IOptions<DatabaseOptions> database, IOptions<OrderReadCacheOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!database.Value.IsPostgres || !options.Value.Enabled || cache.IsLive
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Not receiving order change notifications from PostgreSQL; order reads go to the database."));
}

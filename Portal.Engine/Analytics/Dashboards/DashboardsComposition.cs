using Microsoft.Extensions.DependencyInjection;

namespace Portal.Engine.Analytics.Dashboards;

public static class DashboardsComposition
{
    /// <summary>The dashboards' queries; they need an <see cref="Query.IAnalyticsQueryEngine"/> registered (AddAnalyticsQueryEngine).</summary>
    public static IServiceCollection AddDashboards(this IServiceCollection services) => services.AddScoped<DashboardQueries>();
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Live;

public static class LiveEventsServiceCollectionExtensions
{
    /// <summary>
    /// This instance's live tail of the event log (<see cref="ILiveEvents"/>, a hosted <see cref="LiveEventFeed"/>) and the
    /// activity view's read-back (<see cref="RecentEvents"/>). Needs an <see cref="Log.IEventLog"/> registered.
    /// </summary>
    public static IServiceCollection AddLiveEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>());
        services.AddOptions<LiveEventsOptions>().Bind(configuration.GetSection(LiveEventsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveEventsOptions>, LiveEventsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LiveEventFeed>();
        services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<LiveEventFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<LiveEventFeed>());
        services.AddSingleton<RecentEvents>();
        services.AddScoped<ActivityCustomers>();
        return services;
    }
}

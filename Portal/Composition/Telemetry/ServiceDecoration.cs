namespace Portal.Composition.Telemetry;

internal static class ServiceDecoration
{
    /// <summary>
    /// Replaces every registration of <typeparamref name="TService"/> with one that wraps what it made in
    /// <paramref name="decorate"/>, keeping its lifetime.
    /// </summary>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<TService, TService> decorate)
        where TService : class
    {
        for (var i = 0; i < services.Count; i++)
        {
            var registered = services[i];
            if (registered.ServiceType != typeof(TService) || registered.IsKeyedService) continue;
            services[i] = ServiceDescriptor.Describe(typeof(TService), sp => decorate((TService)Make(sp, registered)), registered.Lifetime);
        }
        return services;
    }

    private static object Make(IServiceProvider services, ServiceDescriptor registered) =>
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!);
}

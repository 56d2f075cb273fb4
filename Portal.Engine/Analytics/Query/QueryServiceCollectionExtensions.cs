using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Athena;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query.DuckDb;

namespace Portal.Engine.Analytics.Query;

public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IAnalyticsQueryEngine"/> that <c>Analytics:Engine</c> selects, with its settings
    /// validated now and at start-up (a wrong setting throws, naming it). DuckDB reads the manifest through
    /// the lake export's <c>ILakeManifestReader</c> and bucket (<c>AddAnalyticsLake</c>) and needs <c>AddObjectStore</c>.
    /// </summary>
    public static IServiceCollection AddAnalyticsQuery(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(QueryOptions.Section);
        services.AddSingleton<IValidateOptions<QueryOptions>, QueryOptionsValidator>();
        services.AddOptions<QueryOptions>().Bind(section).ValidateOnStart();
        var options = section.Get<QueryOptions>() ?? new QueryOptions();
        Throw(new QueryOptionsValidator().Validate(null, options), QueryOptions.Section, typeof(QueryOptions));

        if (options.IsAthena)
            return services.AddAthenaQueryEngine(configuration);

        var dataDirectory = configuration["Database:DataDirectory"] is { Length: > 0 } data ? data : "data";
        void Configure(DuckDbOptions o) =>
            o.CacheDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(o.CacheDirectory) ? Path.Combine(dataDirectory, "lake-cache") : o.CacheDirectory, contentRoot);
        var duck = configuration.GetSection(DuckDbOptions.Section).Get<DuckDbOptions>() ?? new DuckDbOptions();
        Configure(duck);
        Throw(new DuckDbOptionsValidator().Validate(null, duck), DuckDbOptions.Section, typeof(DuckDbOptions));
        services.AddSingleton<IValidateOptions<DuckDbOptions>, DuckDbOptionsValidator>();
        services.AddOptions<DuckDbOptions>().Bind(configuration.GetSection(DuckDbOptions.Section)).PostConfigure(Configure).ValidateOnStart();
        services.AddSingleton<LakeMirror>();
        services.AddSingleton<DuckDbSessions>();
        services.AddSingleton<IAnalyticsQueryEngine, DuckDbQueryEngine>();
        return services;
    }

    private static IServiceCollection AddAthenaQueryEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AthenaOptions.Section);
        Throw(new AthenaOptionsValidator().Validate(null, section.Get<AthenaOptions>() ?? new AthenaOptions()), AthenaOptions.Section, typeof(AthenaOptions));
        services.AddSingleton<IValidateOptions<AthenaOptions>, AthenaOptionsValidator>();
        services.AddOptions<AthenaOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<AthenaClient>();
        services.AddSingleton<IAnalyticsQueryEngine, AthenaQueryEngine>();
        return services;
    }

    private static void Throw(ValidateOptionsResult result, string section, Type type)
    {
        if (result.Failed) throw new OptionsValidationException(section, type, result.Failures);
    }
}

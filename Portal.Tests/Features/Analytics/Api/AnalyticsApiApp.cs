using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Analytics.Query;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Api;

/// <summary>
/// The whole app on a real Kestrel port (loopback), with the small sample lake (<see cref="LakeSample"/>) written into
/// its object store, queried by the real DuckDB engine. Until the lake export registers its manifest reader, the
/// test reads the manifest from the store itself, as the export lays it out.
/// </summary>
public sealed class AnalyticsApiApp : PortalAppFactory, IAsyncLifetime
{
    public const string Bucket = "portal-lake";

    public AnalyticsApiApp() : this(withLake: true) { }

    private AnalyticsApiApp(bool withLake) => WithLake = withLake;

    /// <summary>An app whose lake was never exported.</summary>
    public static AnalyticsApiApp WithoutLake() => new(withLake: false);

    public bool WithLake { get; }
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        if (!WithLake) return;
        var store = Services.GetRequiredService<IObjectStore>();
        await store.EnsureBucketAsync(Bucket);
        await LakeSample.WriteAsync(new LakeDatasetWriter(store, Bucket));
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }
}

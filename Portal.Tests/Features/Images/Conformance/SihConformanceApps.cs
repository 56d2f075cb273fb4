using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images.Conformance;

[CollectionDefinition(Name)]
public sealed class SihConformanceCollection : ICollectionFixture<SihConformanceApps>
{
    public const string Name = "SIH conformance";
}

/// <summary>
/// One app per <see cref="SihApp"/> (made when a case first needs it, without rate limits: the suite sends hundreds of
/// requests), each with <see cref="SihSources"/> in the customer's and the catalog's space, and a client per endpoint.
/// </summary>
public sealed class SihConformanceApps : IDisposable
{
    public const string SigningSecret = "sih-conformance-secret-0123456789";

    private readonly ConcurrentDictionary<SihApp, PortalAppFactory> _apps = new();
    private readonly ConcurrentDictionary<(SihApp, string), Lazy<Task<(HttpClient Client, string Bucket)>>> _clients = new();

    /// <summary>The endpoint's client in that app, and the bucket of the space the endpoint reads.</summary>
    public Task<(HttpClient Client, string Bucket)> ClientAsync(SihApp app, string endpoint) =>
        _clients.GetOrAdd((app, endpoint), key => new Lazy<Task<(HttpClient, string)>>(() => CreateClientAsync(key.Item1, key.Item2))).Value;

    private PortalAppFactory Factory(SihApp app) => _apps.GetOrAdd(app, a => new PortalAppFactory(Settings(a)));

    private static Dictionary<string, string?> Settings(SihApp app)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" };
        switch (app)
        {
            case SihApp.AutoWebp: settings["Imaging:AutoWebp"] = "true"; break;
            case SihApp.Signed: settings["Imaging:Handler:SigningSecret"] = SigningSecret; break;
            case SihApp.Rewrite:
                settings["Imaging:RewriteMatchPattern"] = "/(filters-)/gm";
                settings["Imaging:RewriteSubstitution"] = "filters:";
                break;
        }
        SihFallback.Configure(app, settings);
        return settings;
    }

    private async Task<(HttpClient, string)> CreateClientAsync(SihApp app, string endpoint)
    {
        var factory = Factory(app);
        var catalog = endpoint == "/catalog-img";
        var client = catalog ? SignedInClient.Anonymous(factory) : await SignedInClient.ForRoleAsync(factory, Roles.Customer);
        await using var scope = factory.Services.CreateAsyncScope();
        var owner = catalog
            ? ImagesComposition.CatalogSpace
            : (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Customer).Email))!.Id;
        var spaces = scope.ServiceProvider.GetRequiredService<CustomerImageSpaces>();
        var space = spaces.For(owner);
        await SihFallback.PutAsync(spaces);
        foreach (var (key, contentType) in SihSources.All())
            await space.PutAsync(key, new MemoryStream(SihSources.Bytes(key)), contentType);
        return (client, space.Bucket);
    }

    public void Dispose()
    {
        foreach (var app in _apps.Values) app.Dispose();
    }
}

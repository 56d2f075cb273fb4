using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Analytics.Query;
using Portal.Tests.Engine.Analytics.Query.DuckDb;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>
/// The app with its export switched off (as every test app has it), so its query engine reads the lake
/// <see cref="AthenaLakeData"/> publishes into its object store.
/// </summary>
public sealed class AthenaAppFactory(IDictionary<string, string?>? settings = null) : PortalAppFactory(settings)
{
}

/// <summary>One such app per test class.</summary>
public sealed class AthenaAppFixture : IDisposable
{
    public AthenaAppFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}

using System.Collections.Concurrent;

namespace Portal.Tests.Infrastructure;

/// <summary>One app per test class, with one signed-in client per role, reused across the class's tests.</summary>
public class PortalAppFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    public PortalAppFixture() : this(null) { }

    protected PortalAppFixture(IDictionary<string, string?>? settings) => Factory = new PortalAppFactory(settings);

    public PortalAppFactory Factory { get; }

    public Task<HttpClient> ClientForAsync(string role) =>
        _clients.GetOrAdd(role, r => SignedInClient.ForRoleAsync(Factory, r));

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// The same, without rate limits: for tests that send thousands of requests to check a parser, where the limits (tested in
/// Composition/RateLimits) would answer 429 instead of the parser.
/// </summary>
public sealed class UnthrottledAppFixture() : PortalAppFixture(new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });

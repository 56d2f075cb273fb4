using System.Collections.Concurrent;

namespace Portal.Tests.Infrastructure;

/// <summary>One app per test class, with one signed-in client per role, reused across the class's tests.</summary>
public sealed class PortalAppFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    public PortalAppFactory Factory { get; } = new();

    public Task<HttpClient> ClientForAsync(string role) =>
        _clients.GetOrAdd(role, r => SignedInClient.ForRoleAsync(Factory, r));

    public void Dispose() => Factory.Dispose();
}

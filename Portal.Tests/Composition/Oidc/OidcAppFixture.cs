namespace Portal.Tests.Composition.Oidc;

/// <summary>
/// One app per test class pointed at the OIDC peer, created on first use inside a test, so a missing peer
/// skips (or, under CI=true, fails) that test rather than the whole class's set-up.
/// </summary>
public sealed class OidcAppFixture : IDisposable
{
    private readonly Lazy<(OidcPeer Peer, OidcAppFactory Factory)> _app = new(() =>
    {
        var peer = OidcPeer.Require();
        return (peer, new OidcAppFactory(peer.AppSettings()));
    });

    /// <summary>The peer and the app; skips the calling [SkippableFact] without the peer (fails under CI=true).</summary>
    public (OidcPeer Peer, OidcAppFactory Factory) Require()
    {
        // Require every time: a Lazy that threw a skip would rethrow it, but the peer check must run per test.
        OidcPeer.Require();
        return _app.Value;
    }

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Factory.Dispose();
    }
}

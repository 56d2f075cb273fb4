using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>
/// Gives each test its own browser context (cookies) and page against the shared app; a journey fails when the browser
/// reported any Content-Security-Policy violation on the way.
/// </summary>
[Collection(PortalCollection.Name)]
public abstract class JourneyTest(PortalFixture portal) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private CspViolations? _violations;

    protected PortalFixture Portal { get; } = portal;

    protected IPage Page { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _context = await Portal.NewContextAsync();
        _violations = await CspViolations.WatchAsync(_context);
        Page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
        _violations?.AssertNone();
    }
}

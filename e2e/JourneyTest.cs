using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Gives each test its own browser context (cookies) and page against the shared app.</summary>
[Collection(PortalCollection.Name)]
public abstract class JourneyTest(PortalFixture portal) : IAsyncLifetime
{
    private IBrowserContext? _context;

    protected PortalFixture Portal { get; } = portal;

    protected IPage Page { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _context = await Portal.NewContextAsync();
        Page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
    }
}

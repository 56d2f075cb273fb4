using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Tests.Infrastructure;

/// <summary>Hands engine services fresh contexts on a test database, as the app's factory does.</summary>
public sealed class TestDbContextFactory(TestDatabase database) : IDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext() => database.NewContext();
}

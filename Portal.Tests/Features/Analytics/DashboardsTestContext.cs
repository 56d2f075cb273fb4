using Bunit;
using Microsoft.AspNetCore.Components;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using Portal.Engine.Analytics.Dashboards;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Data;
using Portal.Tests.Engine.Messaging.Relay;
using Portal.Tests.Infrastructure;
using LakeOptionsValue = Microsoft.Extensions.Options.Options;

namespace Portal.Tests.Features.Analytics;

/// <summary>
/// The dashboards over a real lake (<see cref="Lake"/>, read by the DuckDB engine) and the real export service on a
/// migrated SQLite database (its runs are the freshness), signed in as an analyst. Today is 2026-12-01 (UTC).
/// </summary>
public abstract class DashboardsTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check

    protected SqliteTestDatabase Database { get; } = new();
    protected LakeFixture Lake { get; } = new();
    protected ManualClock Clock { get; } = new(new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc));
    /// <summary>The export service the components get (resolved at the first render, so a test may replace it before).</summary>
    protected LakeExports Exports { get; set; }
    protected BunitAuthorizationContext Auth { get; }

    protected DashboardsTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<IAnalyticsQueryEngine>(_ => Lake.Engine);
        Services.AddDashboards();
        var factory = new TestDbContextFactory(Database);
        var options = LakeOptionsValue.Create(new LakeOptions { WatermarkOverlap = TimeSpan.Zero });
        var manifests = new LakeManifestStore(Lake.Store, options);
        var exporter = new LakeExporter(Lake.Store, manifests, new LakePruner(Lake.Store, manifests, TimeProvider.System, NullLogger<LakePruner>.Instance),
            factory, options, TimeProvider.System, NullLogger<LakeExporter>.Instance);
        Exports = new LakeExports(exporter, factory, options, TimeProvider.System, NullLogger<LakeExports>.Instance);
        Services.AddSingleton<ILakeExports>(_ => Exports);
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(factory);
        Services.AddSingleton<Portal.Engine.Auditing.AuditLog>();
        Auth = AddAuthorization();
        Auth.SetAuthorized("analyst@portal.local");
        Auth.SetRoles("Analyst");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public virtual Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Lake.Dispose();
        await Database.DisposeAsync();
    }

    /// <summary>A finished export run, as the export records it.</summary>
    protected async Task RunRecordedAsync(LakeExportOutcome outcome, DateTime finishedAt, string? error = null)
    {
        await using var db = Database.NewContext();
        db.LakeExportRuns.Add(new LakeExportRun
        {
            Dataset = LakeFixture.Bucket, Owner = "test", Trigger = LakeExportTrigger.Schedule, Outcome = outcome,
            StartedAt = finishedAt.AddMinutes(-1), HeartbeatAt = finishedAt, FinishedAt = finishedAt, Error = error,
        });
        await db.SaveChangesAsync();
    }
}

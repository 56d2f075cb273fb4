using Portal.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Auditing;
using Portal.Engine.Identity;

namespace Portal.Features.Analytics.Dashboards;

public sealed partial class LakeFreshnessBar : IDisposable
{
    private const string ExportRoles = Roles.Analyst + "," + Roles.Admin;
    private LakeFreshness? _freshness;
    private LakeExportProgress? _progress;

    [Inject] private ILakeExports Exports { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>Called when an export run ends (any run, on any trigger), so the page reads the new figures.</summary>
    [Parameter] public EventCallback OnExportEnded { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _progress = Exports.Current;
        Exports.Progressed += OnProgressed;
        _freshness = await Exports.FreshnessAsync();
    }

    private string FreshnessText => _freshness?.LastSucceededAt is { } at
        ? $"Exported {DashboardLabels.Ago(at, Clock.GetUtcNow().UtcDateTime)} ({Formats.Timestamp(at)})"
        : _freshness is null ? "Checking the export…" : "Not exported yet";

    private static int Percent(LakeExportProgress progress) =>
        progress.TablesTotal == 0 ? 0 : (int)Math.Round(100.0 * progress.TablesDone / progress.TablesTotal);

    // Progressed drives the bar while the run goes; awaiting the run as well covers a run that ends before it reports.
    private async Task ExportNowAsync()
    {
        _progress ??= new LakeExportProgress(0, null, 0, 0, 0, 0, Clock.GetUtcNow().UtcDateTime);
        var run = await Exports.RunAsync(LakeExportTrigger.Manual);
        var who = Authentication is null ? "" : (await Authentication).User.Identity?.Name ?? "";
        await Audit.RecordAsync(new AuditEvent(AuditSubjects.Export, $"lake-run-{run.RunId}", "LakeExportRun", who,
            run.Outcome == LakeExportOutcome.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded,
            run.Error ?? $"{run.Rows} rows, {run.PartitionsWritten} partitions written"));
        _progress = Exports.Current;
        _freshness = await Exports.FreshnessAsync();
        await OnExportEnded.InvokeAsync();
    }

    private void OnProgressed(LakeExportProgress? progress) => _ = InvokeAsync(async () =>
    {
        _progress = progress;
        if (progress is null)
        {
            _freshness = await Exports.FreshnessAsync();
            await OnExportEnded.InvokeAsync();
        }
        StateHasChanged();
    });

    public void Dispose() => Exports.Progressed -= OnProgressed;
}

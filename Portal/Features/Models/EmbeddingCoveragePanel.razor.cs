using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Components;
using Portal.Engine.Identity;
using Portal.Engine.Models;
using Portal.Engine.Models.Embeddings;

namespace Portal.Features.Models;

public sealed partial class EmbeddingCoveragePanel : IDisposable
{
    private const string BackfillRoles = Roles.Analyst + "," + Roles.Admin;
    private EmbeddingCoverage? _coverage;
    private BackfillRun? _run;
    private string? _refusal;
    private bool _starting;

    [Inject] private EmbeddingBackfill Backfill { get; set; } = default!;
    [Inject] private EmbeddingBackfillRuns Runs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _run = Runs.Current;
        Runs.Changed += OnChanged;
        _coverage = await Backfill.CoverageAsync();
    }

    private string CoverageText => _coverage is not { } c
        ? "Counting embeddings…"
        : c.Images == 0 ? "No stored images yet."
        : $"{Formats.Count(c.Embedded)} of {Formats.Count(c.Images)} images have a {c.Model} embedding ({Formats.Count(c.Missing)} missing).";

    private static int Percent(BackfillRun run) => run.Total == 0 ? 0 : (int)Math.Round(100.0 * run.Done / run.Total);

    private static string StatusText(BackfillRun run)
    {
        var counts = $"{Formats.Count(run.Done)} / {Formats.Count(run.Total)} done, {Formats.Count(run.Failed)} failed";
        var who = run.Trigger == BackfillTrigger.Startup ? "at start-up" : $"by {run.StartedBy}";
        return run.Running
            ? $"Backfill running (started {who} at {Formats.Timestamp(run.StartedAt)}): {counts}."
            : $"Last backfill (started {who}) ended at {Formats.Timestamp(run.FinishedAt!.Value)}: {counts}.";
    }

    private async Task StartAsync()
    {
        _refusal = null;
        _starting = true;
        try
        {
            var user = Authentication is null ? null : (await Authentication).User.Identity?.Name;
            _ = Runs.StartAsync(BackfillTrigger.Manual, user ?? "an analyst");
        }
        catch (ModelsException running)
        {
            _refusal = running.Message;
        }
        finally
        {
            _starting = false;
        }
        _run = Runs.Current;
    }

    private void OnChanged(BackfillRun run) => _ = InvokeAsync(async () =>
    {
        _run = run;
        if (!run.Running) _coverage = await Backfill.CoverageAsync();
        StateHasChanged();
    });

    public void Dispose() => Runs.Changed -= OnChanged;
}

using Microsoft.AspNetCore.Components;
using Portal.Engine.Models.Training;

namespace Portal.Features.Models.Training;

public partial class TrainingPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    [Inject] private TrainingQueries Queries { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private readonly CancellationTokenSource _leaving = new();
    private IReadOnlyList<TrainingJob>? _jobs;

    protected override async Task OnInitializedAsync()
    {
        _jobs = await Queries.RecentJobsAsync();
        _ = RefreshWhileRunningAsync();
    }

    private void StartedAsync(TrainingJob job) => Navigation.NavigateTo($"/models/training/{job.Id}");

    /// <summary>Re-reads the list every few seconds while a job on it has not finished (the database is the truth, so a reload shows the same).</summary>
    private async Task RefreshWhileRunningAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_leaving.Token))
            {
                if (_jobs is null || _jobs.All(j => TrainingJobs.IsFinished(j.Status))) continue;
                _jobs = await Queries.RecentJobsAsync(cancellationToken: _leaving.Token);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _leaving.CancelAsync();
        _leaving.Dispose();
    }
}

using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Training;

namespace Portal.Features.Models.Training;

public partial class TrainingJobPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    [Inject] private IModelTraining Training { get; set; } = default!;
    [Inject] private TrainingQueries Queries { get; set; } = default!;
    [Inject] private IOptions<ModelsOptions> Options { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    private readonly CancellationTokenSource _leaving = new();
    private TrainingJob? _job;
    private ModelVersion? _version;
    private TrainingMetrics? _metrics;
    private DatasetVersionChoice? _dataset;
    private bool _loaded;

    private string Bucket => Options.Value.Bucket;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        _loaded = true;
        if (_job is not null && !TrainingJobs.IsFinished(_job.Status)) _ = FollowAsync();
    }

    private async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        _job = await Training.FindAsync(Id, cancellationToken);
        if (_job is not null && _dataset?.Id != _job.DatasetVersionId)
            _dataset = await Queries.DatasetVersionAsync(_job.DatasetVersionId, cancellationToken);
        if (_job?.ModelVersionId is { } versionId && _version?.Id != versionId)
        {
            _version = await Queries.ModelVersionAsync(versionId, cancellationToken);
            _metrics = _version is null ? null : TrainingArtifacts.ReadMetrics(_version.MetricsJson);
        }
    }

    /// <summary>Re-reads the job every second until it has finished.</summary>
    private async Task FollowAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_leaving.Token))
            {
                await LoadAsync(_leaving.Token);
                await InvokeAsync(StateHasChanged);
                if (_job is null || TrainingJobs.IsFinished(_job.Status)) return;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CancelAsync()
    {
        var by = (await AuthenticationState).User.Identity?.Name ?? "analyst";
        await Training.CancelAsync(Id, by);
        await LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _leaving.CancelAsync();
        _leaving.Dispose();
    }
}

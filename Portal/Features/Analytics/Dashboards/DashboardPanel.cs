using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Portal.Engine.Analytics.Dashboards;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Dashboards;

/// <summary>
/// A dashboard section: loads its figures from the lake for <see cref="Range"/> (again whenever the range, the comparison
/// or <see cref="Refresh"/> changes) and shows the engine's message instead when a query is refused or the dataset missing.
/// </summary>
public abstract class DashboardPanel<TData> : ComponentBase where TData : class
{
    [Inject] protected DashboardQueries Queries { get; set; } = default!;
    [Inject] private ILogger<DashboardPanel<TData>> Log { get; set; } = default!;

    /// <summary>The days to show.</summary>
    [Parameter, EditorRequired] public DashboardRange Range { get; set; } = default!;

    /// <summary>Whether to show the previous period beside it.</summary>
    [Parameter] public bool Compare { get; set; }

    /// <summary>Bumped by the page when a new export is published, to read the figures again.</summary>
    [Parameter] public int Refresh { get; set; }

    protected TData? Data { get; private set; }
    protected string? Error { get; private set; }
    private (DashboardRange, bool, int)? _loaded;

    protected abstract Task<TData> LoadAsync(CancellationToken cancellationToken);

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == (Range, Compare, Refresh)) return;
        _loaded = (Range, Compare, Refresh);
        try
        {
            Data = await LoadAsync(CancellationToken.None);
            Error = null;
        }
        catch (AnalyticsQueryException e)
        {
            Data = null;
            Error = e.Refusal == QueryRefusal.Unavailable ? $"No figures yet: {e.Message}" : e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else (a damaged file in the lake, a store that is down) leaves this section with a message,
            // never the whole page broken.
            Log.LogError(e, "A dashboard section ({Section}) could not read its figures", GetType().Name);
            Data = null;
            Error = $"These figures could not be read ({e.Message}). Try again in a moment, or run an export.";
        }
    }
}

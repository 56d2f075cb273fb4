using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Portal.Engine.Operations;

namespace Portal.Features.Admin.SystemStatus;

/// <summary>
/// The Admin System page: the instances seen behind the load balancer and the live figures that matter (requests/s,
/// error rate, p95 latency, rendition cache hit ratio, outbox and consumer lag) with small charts, from the samples every
/// instance writes to the shared database. Refreshes every sampling interval.
/// </summary>
public partial class SystemPage : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    [Inject] private SystemFigures Figures { get; set; } = default!;
    [Inject] private IOptions<SamplingOptions> Sampling { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private SystemOverview? _overview;
    private ITimer? _timer;
    private int _refreshing;

    private TimeSpan Interval => Sampling.Value.Interval;

    protected override async Task OnInitializedAsync()
    {
        _overview = await Figures.ReadAsync(Window);
        _timer = Clock.CreateTimer(_ => _ = RefreshAsync(), null, Interval, Interval);
    }

    private async Task RefreshAsync()
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0) return;
        try
        {
            var overview = await Figures.ReadAsync(Window);
            await InvokeAsync(() => { _overview = overview; StateHasChanged(); });
        }
        catch (ObjectDisposedException) { } // the page was left while it read
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    public void Dispose() => _timer?.Dispose();
}

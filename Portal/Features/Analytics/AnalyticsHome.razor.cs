using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Portal.Engine.Analytics.Dashboards;

namespace Portal.Features.Analytics;

/// <summary>
/// The analysts' dashboards, every figure read from the lake through the query engine. Only the open tab queries; a
/// finished export bumps <see cref="Refresh"/> so the open tab reads the new dataset.
/// </summary>
public partial class AnalyticsHome
{
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    private ElementReference _tabStrip;

    private DashboardPreset Preset { get; set; } = DashboardPreset.Last30Days;
    private DashboardRange Range { get; set; } = default!;
    private bool Compare { get; set; }
    private int Tab { get; set; }
    private int Refresh { get; set; }

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    protected override void OnInitialized() => Range = DashboardPresets.Range(Preset, Today);

    private void ExportEnded() => Refresh++;

    /// <summary>Arrow keys, Home/End and Enter on the dashboard tabs (wwwroot/js/dashboard-tabs.js).</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            await using var module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/dashboard-tabs.js");
            await module.InvokeVoidAsync("attach", _tabStrip);
        }
        catch (JSDisconnectedException) { } // the page was left before the script loaded
    }
}

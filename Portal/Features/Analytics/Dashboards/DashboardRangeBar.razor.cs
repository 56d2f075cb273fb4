using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Analytics.Dashboards;

namespace Portal.Features.Analytics.Dashboards;

public partial class DashboardRangeBar
{
    private DateRange? _custom;
    private string? _customError;

    /// <summary>The chosen preset (<see cref="DashboardPreset.Custom"/> when the days were picked).</summary>
    [Parameter] public DashboardPreset Preset { get; set; }
    [Parameter] public EventCallback<DashboardPreset> PresetChanged { get; set; }

    /// <summary>The days shown; changed by a preset, custom days or the bucket size.</summary>
    [Parameter, EditorRequired] public DashboardRange Range { get; set; } = default!;
    [Parameter] public EventCallback<DashboardRange> RangeChanged { get; set; }

    /// <summary>Whether the previous period is shown beside the range.</summary>
    [Parameter] public bool Compare { get; set; }
    [Parameter] public EventCallback<bool> CompareChanged { get; set; }

    /// <summary>Today (UTC), where presets end.</summary>
    [Parameter, EditorRequired] public DateOnly Today { get; set; }

    private async Task PresetChangedAsync(DashboardPreset preset)
    {
        Preset = preset;
        await PresetChanged.InvokeAsync(preset);
        if (preset == DashboardPreset.Custom)
        {
            _custom = new DateRange(Range.From.ToDateTime(TimeOnly.MinValue), Range.To.ToDateTime(TimeOnly.MinValue));
            return;
        }
        await RangeChanged.InvokeAsync(DashboardPresets.Range(preset, Today));
    }

    private async Task CustomChangedAsync(DateRange? picked)
    {
        _custom = picked;
        if (picked?.Start is not { } start || picked.End is not { } end) return;
        var (from, to) = (DateOnly.FromDateTime(start), DateOnly.FromDateTime(end));
        _customError = to < from ? "The range ends before it starts." : to.DayNumber - from.DayNumber > 731 ? "Pick at most two years." : null;
        if (_customError is null) await RangeChanged.InvokeAsync(new DashboardRange(from, to, DashboardPresets.GrainFor(from, to)));
    }

    private Task GrainChangedAsync(DashboardGrain grain) => RangeChanged.InvokeAsync(Range.WithGrain(grain));
}

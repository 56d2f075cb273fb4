using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;

namespace Portal.Features.Admin.Activity;

public partial class ActivityPage : IDisposable
{
    public const int PageSize = 25;
    /// <summary>The most events the page keeps (read back and heard live); the oldest go first.</summary>
    public const int MaxEntries = 2_000;

    [Inject] private RecentEvents Recent { get; set; } = default!;
    [Inject] private ILiveEvents Live { get; set; } = default!;
    [Inject] private ActivityCustomers Customers { get; set; } = default!;
    [Inject] private IOptions<LiveEventsOptions> Options { get; set; } = default!;
    [Inject] private ILogger<ActivityPage> Log { get; set; } = default!;

    private static readonly IReadOnlyList<string> Types = [.. EventCatalog.KnownTypes.Order(StringComparer.Ordinal), ActivityFilter.Unreadable];

    private readonly List<ActivityEntry> _entries = []; // newest first
    private readonly HashSet<string> _ids = [];
    private IReadOnlyList<ActivityEntry> _shown = [];
    private ActivityFilter _filter = new();
    private int _pageIndex;
    private bool _loading = true;
    private string? _error;
    private int _heardLive;
    private string? _expanded;
    private bool _disposed;
    private IDisposable? _subscription;

    private int PageCount => (int)Math.Ceiling(_shown.Count / (double)PageSize);
    private IEnumerable<ActivityEntry> PageRows => _shown.Skip(_pageIndex * PageSize).Take(PageSize);

    protected override async Task OnInitializedAsync()
    {
        // Listen first, then read back: an event in between is in both and kept once (by its id).
        _subscription = Live.SubscribeBatches(OnLiveEvents);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var recent = await Recent.ReadAsync();
            await Customers.ResolveAsync(recent);
            Merge(recent);
            _error = null;
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Reading the recent events back from the event log failed");
            _error = $"The event log cannot be read now ({e.Message}); new events still show as they arrive.";
        }
        finally
        {
            _loading = false;
            Apply();
        }
    }

    private async Task ReloadAsync()
    {
        _entries.Clear();
        _ids.Clear();
        _heardLive = 0;
        await LoadAsync();
    }

    /// <summary>Heard off the UI thread: new events from any instance go on top.</summary>
    private void OnLiveEvents(IReadOnlyList<LiveEvent> events)
    {
        if (_disposed) return;
        var entries = events.Select(ActivityEntry.From).ToList();
        try
        {
            _ = InvokeAsync(async () =>
            {
                if (_disposed) return;
                try
                {
                    await Customers.ResolveAsync(entries);
                }
                catch (Exception e)
                {
                    Log.LogWarning(e, "Naming the customers of live events failed");
                }
                _heardLive += Merge(entries);
                Apply();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    /// <summary>Adds the entries not there yet, keeps the list newest first and capped; returns how many were new.</summary>
    private int Merge(IEnumerable<ActivityEntry> entries)
    {
        var added = 0;
        foreach (var entry in entries)
            if (_ids.Add(entry.Id))
            {
                _entries.Add(entry);
                added++;
            }
        if (added == 0) return 0;
        var ordered = _entries.OrderByDescending(e => e.Time).ToList();
        foreach (var dropped in ordered.Skip(MaxEntries)) _ids.Remove(dropped.Id);
        _entries.Clear();
        _entries.AddRange(ordered.Take(MaxEntries));
        return added;
    }

    private void Apply()
    {
        _shown = _entries.Where(e => _filter.Matches(e, Customers.Of(e))).ToList();
        _pageIndex = Math.Clamp(_pageIndex, 0, Math.Max(0, PageCount - 1));
    }

    private void SetFilter(ActivityFilter filter)
    {
        _filter = filter;
        _pageIndex = 0;
        Apply();
    }

    private void OnTypeChanged(string? type) => SetFilter(_filter with { Type = type });
    private void OnSubjectChanged(string? subject) => SetFilter(_filter with { Subject = subject });
    private void OnCustomerChanged(string? customer) => SetFilter(_filter with { Customer = customer });
    private void ClearFilter() => SetFilter(new ActivityFilter());
    private void OnPageChanged(int page) => _pageIndex = page - 1;
    private void Toggle(string id) => _expanded = _expanded == id ? null : id;

    private string CustomerOf(ActivityEntry entry) =>
        Customers.Of(entry) is { } customer ? $"{customer.FullName} (#{customer.Id}, {customer.Email})"
        : entry.CustomerId is { } id ? $"#{id}"
        : entry.ChangedBy ?? "—";

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
    }
}

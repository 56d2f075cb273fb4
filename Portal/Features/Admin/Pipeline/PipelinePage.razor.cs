using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Components;
using Portal.Engine.Messaging.Worker;

namespace Portal.Features.Admin.Pipeline;

/// <summary>
/// The Admin Pipeline page: each consumer's partitions (end offset, committed offset, lag) with pause/resume, the workers'
/// events/s over the last 15 minutes, batch sizes and handler latency, and the dead letters with retry one, retry all and
/// discard. Every action is audited under the signed-in administrator's name; the figures refresh every few seconds.
/// </summary>
public partial class PipelinePage : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    [Inject] private PipelineMonitor Monitor { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<ConsumerView>? _consumers;
    private PipelineFigures? _figures;
    private DeadLetterPage? _letters;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private bool _busy;
    private string _userName = "";
    private ITimer? _timer;
    private int _refreshing; // 1 while a refresh's load runs

    protected override async Task OnInitializedAsync()
    {
        _userName = (await AuthenticationState).User.Identity?.Name ?? "";
        await LoadAsync();
        _timer = Clock.CreateTimer(_ => _ = RefreshAsync(), null, Refresh, Refresh);
    }

    /// <summary>
    /// A tick while the last refresh still loads is skipped: with the broker down a describe takes its whole timeout, and
    /// loads must not pile up behind it.
    /// </summary>
    private async Task RefreshAsync()
    {
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0) return;
        try
        {
            await InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task LoadAsync()
    {
        _consumers = await Monitor.ConsumersAsync();
        _figures = await Monitor.FiguresAsync(Window);
        _letters = await Monitor.DeadLettersAsync();
    }

    private Task SetPausedAsync((string Handler, bool Paused) change) => ActAsync(async () =>
    {
        await Monitor.SetPausedAsync(change.Handler, change.Paused, _userName);
        return change.Paused ? $"{change.Handler} is paused on every worker (within seconds)." : $"{change.Handler} resumes on every worker.";
    });

    private Task RetryAsync(DeadLetterView letter) => ActAsync(async () => await Monitor.RetryAsync(letter.Id, _userName)
        ? $"Dead letter {letter.Id} goes back to {letter.Handler}; it leaves this list once handled."
        : $"Dead letter {letter.Id} is no longer there.");

    private Task RetryAllAsync() => ActAsync(async () =>
        $"{Formats.Count(await Monitor.RetryAllAsync(_userName))} dead letters go back to their handlers.");

    private async Task DiscardAsync(DeadLetterView letter)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Discard dead letter {letter.Id}?",
            $"The {letter.Type ?? "unreadable"} record at {letter.Partition}@{letter.Offset} will not be handled by {letter.Handler}. Its payload and error stay in the audit trail.",
            yesText: "Discard", cancelText: "Cancel");
        if (confirmed != true) return;
        await ActAsync(async () => await Monitor.DiscardAsync(letter.Id, _userName)
            ? $"Dead letter {letter.Id} discarded." : $"Dead letter {letter.Id} is no longer there.");
    }

    private async Task ActAsync(Func<Task<string>> action)
    {
        _busy = true;
        try
        {
            (_message, _messageSeverity) = (await action(), Severity.Success);
            await LoadAsync();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            (_message, _messageSeverity) = ($"That did not work: {e.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose() => _timer?.Dispose();
}

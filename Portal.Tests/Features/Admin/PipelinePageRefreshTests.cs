using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Portal.Engine.Identity;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Engine.Messaging.Worker;
using Portal.Features.Admin.Pipeline;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Engine.Messaging.Worker;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>The Admin Pipeline page's refresh: a tick while a load still runs (a describe waiting on a broker that is down) is skipped.</summary>
public sealed class PipelinePageRefreshTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly GatedLog _log;
    private readonly ManualTimer _clock = new();

    private SqliteTestDatabase Database { get; } = new();

    public PipelinePageRefreshTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        _log = new GatedLog(new EmbeddedEventLog(new TestDbContextFactory(Database), Options.Create(EmbeddedLogs.TestOptions()), TimeProvider.System,
            NullLogger<EmbeddedEventLog>.Instance));
        Services.AddSingleton(WorkerTesting.Monitor([new ScriptedHandler("thumbnails")], _log, Database, WorkerTesting.NewTopics(), WorkerTesting.Options()));
        Services.AddSingleton<TimeProvider>(_clock);
        var auth = AddAuthorization();
        auth.SetAuthorized("admin@portal.local");
        auth.SetRoles(Roles.Admin);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    [Fact]
    public async Task Ticks_while_a_load_runs_are_skipped_and_the_next_tick_after_it_loads_again()
    {
        var page = Render<PageHost>(host => host.AddChildContent<PipelinePage>());
        page.WaitForElement("[data-testid=stat-handled]", Patience);
        Assert.Equal(1, _log.Describes);

        // The broker goes down: a describe hangs. The first tick's load waits on it; the ticks after it start nothing.
        _log.Hold();
        _clock.Tick();
        await WaitAsync(() => _log.Describes == 2, "the first tick's load started");
        for (var i = 0; i < 5; i++) _clock.Tick();
        await Task.Delay(200);
        Assert.Equal(2, _log.Describes);

        // It answers: that load ends, and a tick after it loads again. The load goes on past the describe (figures, dead
        // letters, a render) and the page shows nothing when it is over, so tick until one starts a load rather than
        // guess when it ended: a tick inside the load is skipped as above, and a page that never took ticks again fails.
        _log.Release();
        await WaitAsync(() => !_log.Waiting, "the held describe answered");
        await WaitAsync(() =>
        {
            if (_log.Describes == 2) _clock.Tick();
            return _log.Describes == 3;
        }, "a tick after the load loaded again");
        await Task.Delay(200);
        Assert.Equal(3, _log.Describes); // one load per tick that was not skipped
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Waited in vain until {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>A log whose describe can be held, as one waiting on an unreachable broker; counts the describes.</summary>
    private sealed class GatedLog(IEventLog inner) : IEventLog
    {
        private volatile TaskCompletionSource? _gate;
        private int _describes, _waiting;
        public int Describes => Volatile.Read(ref _describes);
        public bool Waiting => Volatile.Read(ref _waiting) > 0;
        public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        public void Release() { _gate?.TrySetResult(); _gate = null; }

        public Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default) => inner.PublishAsync(messages, cancellationToken);
        public IEventLogConsumer Subscribe(ConsumerSettings settings) => inner.Subscribe(settings);

        public async Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _describes);
            if (_gate is { } gate)
            {
                Interlocked.Increment(ref _waiting);
                try { await gate.Task; }
                finally { Interlocked.Decrement(ref _waiting); }
            }
            return await inner.DescribeAsync(group, topics, cancellationToken);
        }
    }

    /// <summary>A clock whose timers fire only when the test says.</summary>
    private sealed class ManualTimer : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> _timers = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_timers) _timers.Add((callback, state));
            return new Stopped();
        }

        public void Tick()
        {
            List<(TimerCallback Callback, object? State)> timers;
            lock (_timers) timers = [.. _timers];
            foreach (var (callback, state) in timers) callback(state);
        }

        private sealed class Stopped : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

using System.Diagnostics.Metrics;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;

namespace Portal.Tests.Engine.Imaging.Budget;

/// <summary>
/// The work budget's gates and limits, with slots held by the test and a clock it moves: no timed assertions. A task that
/// must stay waiting is checked not completed; one that must get through is awaited.
/// </summary>
public sealed class ImageWorkBudgetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A budget on a clock that moves only when the test says: no queue time-out passes by itself.</summary>
    private static ImageWorkBudget Budget(Action<ImageBudgetOptions> configure, ManualTimers? clock = null)
    {
        var options = new ImagingOptions { MaxConcurrentJobs = 4 };
        configure(options.Budget);
        return new ImageWorkBudget(options, clock ?? new ManualTimers());
    }

    private static ImageCost Cost(double units) => ImageCost.None with { Units = units };

    [Fact]
    public async Task A_class_runs_at_most_its_slots_and_its_waiters_enter_in_arrival_order()
    {
        using var budget = Budget(b => b.SignedIn = new ImageClassBudget { MaxConcurrent = 2, QueueLimit = 10 });
        var first = await budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None);
        var second = await budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None);

        var waiting = Enumerable.Range(0, 3).Select(_ => budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None)).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        first.Dispose();
        var third = await waiting[0].WaitAsync(Patience);
        Assert.False(waiting[1].IsCompleted);
        Assert.False(waiting[2].IsCompleted);

        second.Dispose();
        var fourth = await waiting[1].WaitAsync(Patience);
        Assert.False(waiting[2].IsCompleted);

        third.Dispose();
        (await waiting[2].WaitAsync(Patience)).Dispose();
        fourth.Dispose();
    }

    [Fact]
    public async Task A_full_queue_is_refused_at_once_as_busy_with_a_retry_after()
    {
        using var budget = Budget(b => b.Anonymous = new ImageClassBudget { MaxConcurrent = 1, QueueLimit = 1, QueueTimeoutSeconds = 2.5 });
        using var held = await budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None);
        var queued = budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None);

        var refused = await Assert.ThrowsAsync<ImageRequestException>(() => budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None));

        Assert.Equal((503, ImageErrorCodes.Busy, 3), (refused.Status, refused.Code, refused.RetryAfterSeconds));
        Assert.Contains("already waiting", refused.Message);
        Assert.False(queued.IsCompleted);
        held.Dispose();
        (await queued.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task A_wait_past_the_queue_timeout_is_busy_and_the_slot_serves_the_next_caller()
    {
        var clock = new ManualTimers();
        using var budget = Budget(b => b.Anonymous = new ImageClassBudget { MaxConcurrent = 1, QueueTimeoutSeconds = 5 }, clock);
        var held = await budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None);
        var waiting = budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var timedOut = await Assert.ThrowsAsync<ImageRequestException>(() => waiting.WaitAsync(Patience));
        Assert.Equal((503, ImageErrorCodes.Busy, 5), (timedOut.Status, timedOut.Code, timedOut.RetryAfterSeconds));
        Assert.Contains("within 5 s", timedOut.Message);
        held.Dispose();
        (await budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None).WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task A_waiter_the_caller_cancels_is_cancelled_not_refused_as_busy()
    {
        using var budget = Budget(b => b.SignedIn = new ImageClassBudget { MaxConcurrent = 1 });
        using var held = await budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None);
        using var cancel = new CancellationTokenSource();
        var waiting = budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task Anonymous_work_filling_its_slots_and_queue_never_makes_internal_or_signed_in_work_wait()
    {
        using var budget = Budget(b => b.Anonymous = new ImageClassBudget { MaxConcurrent = 1, QueueLimit = 2 });
        using var held = await budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None);
        var queued = new[] { budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None), budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None) };
        await Assert.ThrowsAsync<ImageRequestException>(() => budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None));

        var own = new List<ImageWorkLease>();
        for (var i = 0; i < 4; i++) // every slot of both other classes (MaxConcurrentJobs = 4), at once
        {
            var internalWork = budget.AdmitAsync(ImageCaller.Internal, ImageCost.None);
            var signedIn = budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None);
            Assert.True(internalWork.IsCompletedSuccessfully, "internal work waited");
            Assert.True(signedIn.IsCompletedSuccessfully, "signed-in work waited");
            own.Add(internalWork.Result);
            own.Add(signedIn.Result);
        }
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        own.ForEach(l => l.Dispose());
        held.Dispose();
        (await queued[0].WaitAsync(Patience)).Dispose();
        (await queued[1].WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task A_cost_over_the_class_limit_is_refused_with_413_before_it_waits()
    {
        using var budget = Budget(b =>
        {
            b.Anonymous = new ImageClassBudget { MaxConcurrent = 1, MaxCost = 100 };
            b.SignedIn = new ImageClassBudget { MaxCost = 1000 };
        });
        using var held = await budget.AdmitAsync(ImageCaller.Anonymous, ImageCost.None); // a refusal does not queue behind it

        var refused = await Assert.ThrowsAsync<ImageRequestException>(() =>
            budget.AdmitAsync(ImageCaller.Anonymous, Cost(100.5) with { Heaviest = "blur 300" }));
        Assert.Equal((413, ImageErrorCodes.TooExpensive), (refused.Status, refused.Code));
        Assert.Contains("blur 300", refused.Message);
        Assert.Contains("anonymous requests may spend at most 100", refused.Message);

        (await budget.AdmitAsync(ImageCaller.SignedIn, Cost(100.5))).Dispose();
        await Assert.ThrowsAsync<ImageRequestException>(() => budget.AdmitAsync(ImageCaller.SignedIn, Cost(1000.5)));
        (await budget.AdmitAsync(ImageCaller.Internal, Cost(1_000_000))).Dispose(); // no limit by default
    }

    [Fact]
    public void Slots_default_to_max_concurrent_jobs_and_half_of_them_for_anonymous_callers()
    {
        using var budget = new ImageWorkBudget(new ImagingOptions { MaxConcurrentJobs = 5 });
        using var one = new ImageWorkBudget(new ImagingOptions { MaxConcurrentJobs = 1 });

        Assert.Equal((5, 5, 2), (budget.SlotsOf(ImageCaller.Internal), budget.SlotsOf(ImageCaller.SignedIn), budget.SlotsOf(ImageCaller.Anonymous)));
        Assert.Equal(1, one.SlotsOf(ImageCaller.Anonymous));
    }

    [Fact]
    public async Task Refusals_waits_and_queue_lengths_are_measured_per_class_and_reason()
    {
        var refusals = new List<(string Caller, string Reason)>();
        long queued = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Portal.Engine.Telemetry.PortalTelemetry.ImagesName && instrument.Name.StartsWith("portal.images.budget."))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var caller = Tag(tags, "caller");
            if (instrument.Name == "portal.images.budget.refusals" && caller == "SignedIn") lock (refusals) refusals.Add((caller, Tag(tags, "reason")!));
            if (instrument.Name == "portal.images.budget.queued" && caller == "SignedIn") Interlocked.Add(ref queued, value);
        });
        listener.Start();

        // The instruments are shared by every budget in the process: what this test did is among what was heard.
        using var budget = Budget(b => b.SignedIn = new ImageClassBudget { MaxConcurrent = 1, QueueLimit = 1, MaxCost = 1 });
        await Assert.ThrowsAsync<ImageRequestException>(() => budget.AdmitAsync(ImageCaller.SignedIn, Cost(2)));
        var held = await budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None);
        var waiting = budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None);
        await Assert.ThrowsAsync<ImageRequestException>(() => budget.AdmitAsync(ImageCaller.SignedIn, ImageCost.None));

        Assert.True(Interlocked.Read(ref queued) >= 1);
        held.Dispose();
        (await waiting.WaitAsync(Patience)).Dispose();
        lock (refusals)
        {
            Assert.Contains(("SignedIn", "too_expensive"), refusals);
            Assert.Contains(("SignedIn", "queue_full"), refusals);
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
            if (tag.Key == name) return tag.Value as string;
        return null;
    }
}
